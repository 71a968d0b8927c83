#include "gofr/metrics.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <span>
#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "gofr/logging.hpp"
#include "metrics/http_metrics.hpp"
#include "metrics/registry.hpp"

namespace gofr {
namespace {

// A logger whose lines (both streams) can be read back.
class LogCapture {
 public:
  LogCapture() {
    EXPECT_EQ(::pipe(fds_.data()), 0);
    ::fcntl(fds_[0], F_SETFL, O_NONBLOCK);
    logger_.emplace(LoggerOptions{.level = Level::debug, .pretty = false, .out_fd = fds_[1], .err_fd = fds_[1]});
  }
  ~LogCapture() {
    logger_.reset();
    ::close(fds_[0]);
    ::close(fds_[1]);
  }
  Logger& logger() { return *logger_; }
  // Everything logged so far.
  const std::string& text() {
    logger_->flush();
    char buffer[4096];
    for (ssize_t n; (n = ::read(fds_[0], buffer, sizeof buffer)) > 0;)
      text_.append(buffer, static_cast<std::size_t>(n));
    return text_;
  }
  std::size_t count(std::string_view needle) {
    std::size_t n = 0;
    for (auto at = text().find(needle); at != std::string::npos; at = text_.find(needle, at + 1)) ++n;
    return n;
  }

 private:
  std::array<int, 2> fds_{};
  std::optional<Logger> logger_;
  std::string text_;
};

constexpr std::string_view scope = R"(otel_scope_name="svc",otel_scope_schema_url="",otel_scope_version="1.2.3")";

// The value of the sample `series` (name{labels without the scope}), or nullopt when it is absent.
std::optional<double> sample(const std::string& text, std::string_view name, std::string_view labels = {}) {
  std::string series(name);
  series.append("{").append(scope);
  if (!labels.empty()) series.append(",").append(labels);
  series.append("} ");
  const auto at = text.find("\n" + series);
  if (at == std::string::npos) return std::nullopt;
  return std::stod(text.substr(at + 1 + series.size()));
}

class MetricsTest : public ::testing::Test {
 protected:
  LogCapture log;
  metrics::Registry registry{
      {.app_name = "svc", .app_version = "1.2.3", .cardinality_limit = 3, .process_metrics = false}, log.logger()};
  Metrics& m = registry.metrics();
};

TEST_F(MetricsTest, CountersGaugesUpDownCountersAndHistograms) {
  m.new_counter("jobs_total", "Jobs run.");
  m.new_up_down_counter("jobs_in_flight", "Jobs running.");
  m.new_gauge("queue_depth", "Queued jobs.");
  m.new_histogram("job_seconds", "Job duration.", {0.1, 1});

  m.increment_counter("jobs_total");
  m.increment_counter("jobs_total", {{"kind", "email"}});
  m.increment_counter("jobs_total", {{"kind", "email"}});
  m.delta_up_down_counter("jobs_in_flight", 3);
  m.delta_up_down_counter("jobs_in_flight", -1.5);
  m.set_gauge("queue_depth", 7);
  m.set_gauge("queue_depth", 5);
  m.record_histogram("job_seconds", 0.05);
  m.record_histogram("job_seconds", 0.5);

  const auto text = registry.serialize();
  EXPECT_EQ(sample(text, "jobs_total"), 1);
  EXPECT_EQ(sample(text, "jobs_total", R"(kind="email")"), 2);
  EXPECT_EQ(sample(text, "jobs_in_flight"), 1.5);
  EXPECT_EQ(sample(text, "queue_depth"), 5);
  EXPECT_EQ(sample(text, "job_seconds_count"), 2);
  EXPECT_EQ(sample(text, "job_seconds_bucket", R"(le="0.1")"), 1);
  EXPECT_EQ(sample(text, "job_seconds_bucket", R"(le="1")"), 2);
  EXPECT_EQ(sample(text, "job_seconds_bucket", R"(le="+Inf")"), 2);
  EXPECT_NE(text.find("# TYPE jobs_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE jobs_in_flight gauge\n"), std::string::npos);  // GoFr's up-down counters are gauges
  EXPECT_NE(text.find("# TYPE job_seconds histogram\n"), std::string::npos);
  EXPECT_EQ(log.text(), "");
}

TEST_F(MetricsTest, NamesAreShownAsGofrShowsThemWithoutSuffixes) {
  m.new_counter("counter-test", "GoFr's register_test name.");
  m.increment_counter("counter-test");
  m.increment_counter("counter_test");  // the same metric once rewritten
  const auto text = registry.serialize();
  EXPECT_EQ(sample(text, "counter_test"), 2);  // no "_total" added, as in GoFr
  EXPECT_EQ(text.find("counter_test_total"), std::string::npos);
}

TEST_F(MetricsTest, RegistrationMistakesThrow) {
  m.new_counter("orders_total", "x");
  EXPECT_THROW(m.new_counter("orders_total", "x"), std::invalid_argument);
  EXPECT_THROW(m.new_gauge("orders_total", "x"), std::invalid_argument);  // whatever the kind
  m.new_gauge("a-b", "x");
  EXPECT_THROW(m.new_gauge("a_b", "x"), std::invalid_argument);  // the same name once rewritten
  EXPECT_THROW(m.new_counter("9lives", "x"), std::invalid_argument);
  EXPECT_THROW(m.new_counter("has space", "x"), std::invalid_argument);
  EXPECT_THROW(m.new_counter("", "x"), std::invalid_argument);
  // The framework's names.
  EXPECT_THROW(m.new_gauge("app_info", "x"), std::invalid_argument);
  EXPECT_THROW(m.new_histogram("app_http_response", "x", {1}), std::invalid_argument);
  EXPECT_THROW(m.new_counter("app_http_response_count", "x"), std::invalid_argument);
  EXPECT_THROW(m.new_gauge("process_open_fds", "x"), std::invalid_argument);
  EXPECT_THROW(m.new_gauge("app_process_threads", "x"), std::invalid_argument);  // reserved even with them off
  // Histogram series names.
  m.new_histogram("latency_seconds", "x", {1});
  EXPECT_THROW(m.new_counter("latency_seconds_sum", "x"), std::invalid_argument);
  m.new_counter("size_bucket", "x");
  EXPECT_THROW(m.new_histogram("size", "x", {1}), std::invalid_argument);
  // Bucket bounds.
  EXPECT_THROW(m.new_histogram("h1", "x", {1, 1}), std::invalid_argument);
  EXPECT_THROW(m.new_histogram("h2", "x", {2, 1}), std::invalid_argument);
  EXPECT_THROW(m.new_histogram("h3", "x", {1, std::numeric_limits<double>::infinity()}), std::invalid_argument);
  EXPECT_THROW(m.new_histogram("h4", "x", {std::nan("")}), std::invalid_argument);
  EXPECT_NO_THROW(m.new_histogram("h5", "x", {}));  // only _count and _sum
  m.record_histogram("h5", 3);
  const auto text = registry.serialize();
  EXPECT_EQ(sample(text, "h5_bucket", R"(le="+Inf")"), 1);
  EXPECT_EQ(sample(text, "h5_sum"), 3);
}

TEST_F(MetricsTest, UnregisteredMetricsAreLoggedOnceAMinuteAndRecordNothing) {
  for (int i = 0; i < 100; ++i) m.increment_counter("nope_total", {{"a", "b"}});
  m.record_histogram("other", 1);
  EXPECT_EQ(log.count(R"("message":"Metrics nope_total is not registered")"), 1u);
  EXPECT_EQ(log.count(R"("message":"Metrics other is not registered")"), 1u);
  EXPECT_EQ(log.count(R"("level":"ERROR")"), 2u);
  EXPECT_EQ(registry.serialize().find("nope_total"), std::string::npos);
}

TEST_F(MetricsTest, WrongKindInvalidLabelsAndNonFiniteValuesAreLoggedAndRecordNothing) {
  m.new_counter("hits_total", "x");
  m.new_histogram("size_bytes", "x", {10});
  m.new_up_down_counter("level", "x");
  m.set_gauge("hits_total", 1);
  m.increment_counter("hits_total", {{"bad key", "v"}});
  m.increment_counter("hits_total", {{"otel_scope_name", "spoof"}});
  m.record_histogram("size_bytes", 1, {{"le", "5"}});
  m.record_histogram("size_bytes", std::numeric_limits<double>::infinity());
  m.delta_up_down_counter("level", std::nan(""));
  const auto& logged = log.text();
  EXPECT_NE(logged.find("Metrics hits_total is a counter, not a gauge"), std::string::npos) << logged;
  EXPECT_NE(logged.find("Metrics hits_total: invalid label name 'bad key'"), std::string::npos) << logged;
  EXPECT_NE(logged.find("Metrics size_bytes: invalid label name 'le'"), std::string::npos) << logged;
  EXPECT_NE(logged.find("Metrics size_bytes: value inf is not finite"), std::string::npos) << logged;
  EXPECT_NE(logged.find("Metrics level: value nan is not finite"), std::string::npos) << logged;
  const auto text = registry.serialize();
  EXPECT_EQ(text.find("hits_total"), std::string::npos);
  EXPECT_EQ(text.find("size_bytes"), std::string::npos);
  EXPECT_EQ(text.find("level"), std::string::npos);
}

TEST_F(MetricsTest, LabelOrderDoesNotMatterAndARepeatedKeyKeepsTheLastValue) {
  m.new_counter("calls_total", "x");
  m.increment_counter("calls_total", {{"b", "2"}, {"a", "1"}});
  m.increment_counter("calls_total", {{"a", "1"}, {"b", "2"}});
  m.increment_counter("calls_total", {{"a", "0"}, {"b", "2"}, {"a", "1"}});
  m.increment_counter("calls_total", {{"a-key", "x"}});  // label keys are rewritten like names
  const std::vector<MetricLabel> from_vector{{"a", "1"}, {"b", "2"}};
  m.increment_counter("calls_total", from_vector);
  std::array<MetricLabel, 2> from_array{{{"b", "2"}, {"a", "1"}}};
  m.increment_counter("calls_total", std::span<MetricLabel>(from_array));
  const auto text = registry.serialize();
  EXPECT_EQ(sample(text, "calls_total", R"(a="1",b="2")"), 5);
  EXPECT_EQ(sample(text, "calls_total", R"(a_key="x")"), 1);
}

TEST_F(MetricsTest, LabelSetsBeyondTheLimitAreAddedUpInTheOverflowSeries) {
  m.new_counter("per_user_total", "x");
  for (const auto* user : {"a", "b", "c", "d", "e", "d"}) m.increment_counter("per_user_total", {{"user", user}});
  m.increment_counter("per_user_total", {{"user", "a"}});
  const auto text = registry.serialize();
  EXPECT_EQ(sample(text, "per_user_total", R"(user="a")"), 2);
  EXPECT_EQ(sample(text, "per_user_total", R"(user="c")"), 1);
  EXPECT_EQ(sample(text, "per_user_total", R"(user="d")"), std::nullopt);
  EXPECT_EQ(sample(text, "per_user_total", R"(otel_metric_overflow="true")"), 3);
  EXPECT_EQ(log.count(R"("level":"WARN")"), 1u);
  EXPECT_EQ(log.count("Metrics per_user_total reached 3 label sets"), 1u);
}

TEST_F(MetricsTest, HttpLabelSetsBeyondTheLimitWarnOnce) {
  for (int i = 0; i < 10; ++i) registry.http().observe("/r" + std::to_string(i), "GET", 200, 0.01);
  const auto text = registry.serialize();
  EXPECT_EQ(sample(text, "app_http_response_count", R"(otel_metric_overflow="true")"), 7);
  EXPECT_EQ(log.count("app_http_response reached 3 label sets"), 1u);
}

TEST_F(MetricsTest, ManyThreadsRecordWhileOthersRegisterAndScrape) {
  m.new_counter("work_total", "x");
  m.new_histogram("work_seconds", "x", {0.5});
  m.new_up_down_counter("work_in_flight", "x");
  constexpr int threads = 4, per_thread = 20'000;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([this, t] {
      const std::string kind = t % 2 ? "odd" : "even";
      for (int i = 0; i < per_thread; ++i) {
        m.delta_up_down_counter("work_in_flight", 1);
        m.increment_counter("work_total", {{"kind", kind}});
        m.record_histogram("work_seconds", 0.25, {{"kind", kind}});
        m.delta_up_down_counter("work_in_flight", -1);
      }
    });
  }
  workers.emplace_back([this] {
    for (int i = 0; i < 50; ++i) m.new_gauge("late_" + std::to_string(i), "registered while others record");
  });
  for (int i = 0; i < 20; ++i) EXPECT_FALSE(registry.serialize().empty());
  for (auto& w : workers) w.join();
  const auto text = registry.serialize();
  EXPECT_EQ(sample(text, "work_total", R"(kind="odd")"), threads / 2 * per_thread);
  EXPECT_EQ(sample(text, "work_total", R"(kind="even")"), threads / 2 * per_thread);
  EXPECT_EQ(sample(text, "work_seconds_count", R"(kind="odd")"), threads / 2 * per_thread);
  EXPECT_EQ(sample(text, "work_seconds_bucket", R"(kind="even",le="0.5")"), threads / 2 * per_thread);
  EXPECT_EQ(sample(text, "work_in_flight"), 0);
  EXPECT_EQ(log.text(), "");
}

}  // namespace
}  // namespace gofr
