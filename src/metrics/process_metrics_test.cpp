#include "metrics/process_metrics.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <latch>
#include <thread>

#include <gtest/gtest.h>

namespace gofr::metrics {
namespace {

TEST(ProcessMetrics, SampleIsSane) {
  const auto s = ProcessMetrics::sample();
  ASSERT_TRUE(s.has_value());
  EXPECT_GE(s->threads, 1);
  EXPECT_GT(s->resident_bytes, 1 << 20);  // a running C++ test binary has well over 1 MiB resident
  EXPECT_GE(s->virtual_bytes, s->resident_bytes);
  EXPECT_GE(s->cpu_seconds, 0);
  EXPECT_GE(s->open_fds, 1);
  EXPECT_GE(s->max_fds, s->open_fds);
  EXPECT_GT(s->virtual_max_bytes, 0);
}

TEST(ProcessMetrics, FollowsThreadsAndFileDescriptors) {
  const auto before = ProcessMetrics::sample();
  ASSERT_TRUE(before.has_value());
  std::latch release(1);
  std::thread extra([&] { release.wait(); });
  const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  const auto during = ProcessMetrics::sample();
  ::close(fd);
  release.count_down();
  extra.join();
  ASSERT_TRUE(during.has_value());
  EXPECT_EQ(during->threads, before->threads + 1);
  EXPECT_EQ(during->open_fds, before->open_fds + 1);
}

TEST(ProcessMetrics, CpuTimeGrowsWithWork) {
  const auto before = ProcessMetrics::sample();
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(100);
  volatile std::uint64_t sink = 0;
  while (std::chrono::steady_clock::now() < until) sink = sink + 1;
  const auto after = ProcessMetrics::sample();
  ASSERT_TRUE(before && after);
  EXPECT_GT(after->cpu_seconds, before->cpu_seconds);
}

TEST(ProcessMetrics, StartTimeIsThisProcesssAndInThePast) {
  const ProcessMetrics process({});
  const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_LE(process.start_time_seconds(), now + 1);
  EXPECT_GT(process.start_time_seconds(), now - 3600);  // this test binary started moments ago
}

TEST(ProcessMetrics, AppSeriesCarryTheScopeAndStandardOnesNone) {
  const ProcessMetrics process(
      {{"otel_scope_name", "svc"}, {"otel_scope_schema_url", ""}, {"otel_scope_version", "1"}});
  const auto families = process.Collect();
  std::vector<std::string> names;
  for (const auto& family : families) {
    names.push_back(family.name);
    ASSERT_EQ(family.metric.size(), 1u) << family.name;
    const auto& labels = family.metric[0].label;
    if (family.name.starts_with("app_")) {
      ASSERT_EQ(labels.size(), 3u) << family.name;
      EXPECT_EQ(labels[0].name, "otel_scope_name");
      EXPECT_EQ(labels[0].value, "svc");
      EXPECT_EQ(family.type, prometheus::MetricType::Gauge);
    } else {
      EXPECT_TRUE(labels.empty()) << family.name;
    }
  }
  EXPECT_EQ(names, (std::vector<std::string>{"app_process_cpu_seconds", "app_process_open_fds",
                                             "app_process_resident_memory_bytes", "app_process_threads",
                                             "process_cpu_seconds_total", "process_max_fds", "process_open_fds",
                                             "process_resident_memory_bytes", "process_start_time_seconds",
                                             "process_virtual_memory_bytes", "process_virtual_memory_max_bytes"}));
  EXPECT_EQ(families[4].type, prometheus::MetricType::Counter);
}

}  // namespace
}  // namespace gofr::metrics
