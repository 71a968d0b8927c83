#include "core/cpu_quota.hpp"

#include <sched.h>

#include <cmath>
#include <fstream>
#include <string>

namespace gofr::detail {

namespace {

// cgroup v2 "cpu.max" holds "<quota|max> <period>"; v1 splits them over two files.
double quota_cpus() {
  if (std::ifstream v2("/sys/fs/cgroup/cpu.max"); v2) {
    std::string quota;
    double period = 0;
    if (v2 >> quota >> period && quota != "max" && period > 0) return std::stod(quota) / period;
    return 0;
  }
  std::ifstream q("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"), p("/sys/fs/cgroup/cpu/cpu.cfs_period_us");
  double quota = 0, period = 0;
  if (q >> quota && p >> period && quota > 0 && period > 0) return quota / period;
  return 0;
}

}  // namespace

std::size_t usable_cpus() {
  cpu_set_t set;
  std::size_t cpus = 1;
  if (::sched_getaffinity(0, sizeof set, &set) == 0) cpus = static_cast<std::size_t>(CPU_COUNT(&set));
  try {
    if (const double quota = quota_cpus(); quota > 0) {
      cpus = std::min(cpus, static_cast<std::size_t>(std::ceil(quota)));
    }
  } catch (...) {
    // An unreadable cgroup file leaves the affinity count.
  }
  return std::max<std::size_t>(1, cpus);
}

}  // namespace gofr::detail
