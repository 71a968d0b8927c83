#include "metrics/process_metrics.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <sys/resource.h>

namespace gofr::metrics {
namespace {

// A whole small /proc file; empty when unreadable.
std::string read_proc_file(const char* path) {
  std::string text;
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return text;
  std::array<char, 4096> buffer;
  for (;;) {
    const auto n = ::read(fd, buffer.data(), buffer.size());
    if (n <= 0) break;
    text.append(buffer.data(), static_cast<std::size_t>(n));
  }
  ::close(fd);
  return text;
}

// The fields of /proc/self/stat after the command name, which is in parentheses and may itself hold spaces and
// parentheses: field 3 (state) is fields[0].
std::vector<std::string_view> stat_fields(std::string_view stat) {
  std::vector<std::string_view> fields;
  const auto end_of_name = stat.rfind(')');
  if (end_of_name == std::string_view::npos) return fields;
  stat.remove_prefix(end_of_name + 1);
  while (!stat.empty()) {
    const auto start = stat.find_first_not_of(" \n");
    if (start == std::string_view::npos) break;
    stat.remove_prefix(start);
    const auto len = std::min(stat.find_first_of(" \n"), stat.size());
    fields.push_back(stat.substr(0, len));
    stat.remove_prefix(len);
  }
  return fields;
}

std::optional<std::uint64_t> to_u64(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Field numbers of proc(5), counted from 1.
constexpr std::size_t stat_index(std::size_t field) { return field - 3; }
constexpr std::size_t utime = stat_index(14), stime = stat_index(15), num_threads = stat_index(20),
                      starttime = stat_index(22), vsize = stat_index(23), rss = stat_index(24);

double soft_limit(int resource) {
  rlimit limit{};
  if (::getrlimit(resource, &limit) != 0) return 0;
  if (limit.rlim_cur == RLIM_INFINITY) return static_cast<double>(std::numeric_limits<std::uint64_t>::max());
  return static_cast<double>(limit.rlim_cur);
}

double count_open_fds() {
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr) return 0;
  const int own = ::dirfd(dir);  // not the process's: it exists only while we count
  double count = 0;
  // readdir is only unsafe on a DIR* shared between threads; this one is ours alone.
  while (const dirent* entry = ::readdir(dir)) {  // NOLINT(concurrency-mt-unsafe)
    const auto fd = to_u64(entry->d_name);
    if (fd && static_cast<int>(*fd) != own) ++count;
  }
  ::closedir(dir);
  return count;
}

double compute_start_time() {
  const auto self = read_proc_file("/proc/self/stat");
  const auto fields = stat_fields(self);  // views into `self`
  if (fields.size() <= starttime) return 0;
  const auto ticks = to_u64(fields[starttime]);
  // Boot time: the "btime <seconds>" line of /proc/stat.
  const auto stat = read_proc_file("/proc/stat");
  const auto at = stat.find("\nbtime ");
  if (!ticks || at == std::string::npos) return 0;
  const auto begin = at + 7;
  const auto boot = to_u64(std::string_view(stat).substr(begin, stat.find('\n', begin) - begin));
  if (!boot) return 0;
  return static_cast<double>(*boot) + static_cast<double>(*ticks) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

prometheus::MetricFamily family(std::string name, std::string help, prometheus::MetricType type, double value,
                                const prometheus::Labels& labels) {
  prometheus::ClientMetric metric;
  for (const auto& [key, label_value] : labels) metric.label.push_back({key, label_value});
  if (type == prometheus::MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  return {std::move(name), std::move(help), type, {std::move(metric)}};
}

}  // namespace

ProcessMetrics::ProcessMetrics(prometheus::Labels scope_labels)
    : scope_labels_(std::move(scope_labels)), start_time_seconds_(compute_start_time()) {}

std::optional<ProcessSample> ProcessMetrics::sample() {
  const auto text = read_proc_file("/proc/self/stat");
  const auto fields = stat_fields(text);
  if (fields.size() <= rss) return std::nullopt;
  const auto user = to_u64(fields[utime]), system = to_u64(fields[stime]), threads = to_u64(fields[num_threads]),
             virtual_bytes = to_u64(fields[vsize]), resident_pages = to_u64(fields[rss]);
  if (!user || !system || !threads || !virtual_bytes || !resident_pages) return std::nullopt;
  ProcessSample s;
  s.cpu_seconds = static_cast<double>(*user + *system) / static_cast<double>(::sysconf(_SC_CLK_TCK));
  s.resident_bytes = static_cast<double>(*resident_pages) * static_cast<double>(::sysconf(_SC_PAGESIZE));
  s.virtual_bytes = static_cast<double>(*virtual_bytes);
  s.threads = static_cast<double>(*threads);
  s.open_fds = count_open_fds();
  s.max_fds = soft_limit(RLIMIT_NOFILE);
  s.virtual_max_bytes = soft_limit(RLIMIT_AS);
  return s;
}

std::vector<prometheus::MetricFamily> ProcessMetrics::Collect() const {
  const auto s = sample();
  if (!s) return {};
  using prometheus::MetricType;
  const prometheus::Labels none;
  std::vector<prometheus::MetricFamily> out;
  out.reserve(11);
  out.push_back(family("app_process_cpu_seconds", "Total user and system CPU time spent in seconds.", MetricType::Gauge,
                       s->cpu_seconds, scope_labels_));
  out.push_back(family("app_process_open_fds", "Number of open file descriptors.", MetricType::Gauge, s->open_fds,
                       scope_labels_));
  out.push_back(family("app_process_resident_memory_bytes", "Resident memory size in bytes.", MetricType::Gauge,
                       s->resident_bytes, scope_labels_));
  out.push_back(family("app_process_threads", "Number of OS threads in the process.", MetricType::Gauge, s->threads,
                       scope_labels_));
  // The Go client's process collector, word for word.
  out.push_back(family("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
                       MetricType::Counter, s->cpu_seconds, none));
  out.push_back(
      family("process_max_fds", "Maximum number of open file descriptors.", MetricType::Gauge, s->max_fds, none));
  out.push_back(family("process_open_fds", "Number of open file descriptors.", MetricType::Gauge, s->open_fds, none));
  out.push_back(family("process_resident_memory_bytes", "Resident memory size in bytes.", MetricType::Gauge,
                       s->resident_bytes, none));
  if (start_time_seconds_ > 0) {
    out.push_back(family("process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
                         MetricType::Gauge, start_time_seconds_, none));
  }
  out.push_back(family("process_virtual_memory_bytes", "Virtual memory size in bytes.", MetricType::Gauge,
                       s->virtual_bytes, none));
  out.push_back(family("process_virtual_memory_max_bytes", "Maximum amount of virtual memory available in bytes.",
                       MetricType::Gauge, s->virtual_max_bytes, none));
  return out;
}

}  // namespace gofr::metrics
