#include "core/open_file_limit.hpp"

#include <sys/resource.h>

namespace gofr::detail {

void raise_open_file_limit() noexcept {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &limit);  // best effort: the service still runs at the old limit
}

}  // namespace gofr::detail
