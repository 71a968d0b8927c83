#pragma once
#include <cstddef>

namespace gofr::detail {

// The CPUs this process may really use: the cgroup v2 (or v1) CPU quota inside a container, bounded by the
// affinity mask; never less than 1.
std::size_t usable_cpus();

}  // namespace gofr::detail
