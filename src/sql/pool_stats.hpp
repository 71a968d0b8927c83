#pragma once
// A connection pool's counters, as health details (GoFr's sql.DBStats names) and gauges report them.
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace gofr::sql::detail {

struct PoolStats {
  std::size_t max_open = 0;
  std::size_t open = 0;
  std::size_t in_use = 0;
  std::uint64_t wait_count = 0;  // acquisitions that had to wait
  std::chrono::nanoseconds wait_duration{};
};

}  // namespace gofr::sql::detail
