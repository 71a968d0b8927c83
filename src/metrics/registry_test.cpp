#include "metrics/registry.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "gofr/logging.hpp"
#include "metrics/http_metrics.hpp"

namespace gofr::metrics {
namespace {

// Discards everything: these tests look at the exposition, not the log.
struct NullLogger {
  int fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  Logger logger{{.pretty = false, .out_fd = fd, .err_fd = fd}};
  ~NullLogger() { ::close(fd); }
};

RegistryOptions small_options() {
  return {.app_name = "svc", .app_version = "1.2.3", .framework_version = "0.1.0", .process_metrics = false};
}

TEST(Registry, SerializesTheTextFormatWithTheScopeOnEverySeries) {
  NullLogger log;
  Registry registry(small_options(), log.logger);
  auto& m = registry.metrics();
  m.new_counter("requests_total", "Requests served.");
  m.new_histogram("latency_seconds", "Latency.", {0.1, 1});
  m.new_gauge("temperature_celsius", "Line one\nline \\two \"quoted\".");
  m.new_up_down_counter("never_recorded", "Registered, never recorded: not shown, as in GoFr.");
  m.increment_counter("requests_total", {{"method", "GET"}});
  m.increment_counter("requests_total", {{"method", "POST"}});
  m.increment_counter("requests_total", {{"method", "GET"}});
  m.record_histogram("latency_seconds", 0.05);
  m.record_histogram("latency_seconds", 0.5);
  m.set_gauge("temperature_celsius", 21.5, {{"room", "a \"b\"\n\\c\xFF"}});

  // Families sorted by name; series by labels; label values escaped; invalid UTF-8 replaced with U+FFFD.
  EXPECT_EQ(registry.serialize(),
            R"(# HELP app_info Info for app_name, app_version and framework_version.
# TYPE app_info gauge
app_info{otel_scope_name="svc",otel_scope_schema_url="",otel_scope_version="1.2.3",app_name="svc",app_version="1.2.3",framework_version="0.1.0"} 1
# HELP latency_seconds Latency.
# TYPE latency_seconds histogram
latency_seconds_count{otel_scope_name="svc",otel_scope_schema_url="",otel_scope_version="1.2.3"} 2
latency_seconds_sum{otel_scope_name="svc",otel_scope_schema_url="",otel_scope_version="1.2.3"} 0.55
latency_seconds_bucket{otel_scope_name="svc",otel_scope_schema_url="",otel_scope_version="1.2.3",le="0.1"} 1
latency_seconds_bucket{otel_scope_name="svc",otel_scope_schema_url="",otel_scope_version="1.2.3",le="1"} 2
latency_seconds_bucket{otel_scope_name="svc",otel_scope_schema_url="",otel_scope_version="1.2.3",le="+Inf"} 2
# HELP requests_total Requests served.
# TYPE requests_total counter
requests_total{otel_scope_name="svc",otel_scope_schema_url="",otel_scope_version="1.2.3",method="GET"} 2
requests_total{otel_scope_name="svc",otel_scope_schema_url="",otel_scope_version="1.2.3",method="POST"} 1
# HELP temperature_celsius Line one\nline \\two "quoted".
# TYPE temperature_celsius gauge
temperature_celsius{otel_scope_name="svc",otel_scope_schema_url="",otel_scope_version="1.2.3",room="a \"b\"\n\\c)"
            "\xEF\xBF\xBD"
            R"("} 21.5
)");
}

TEST(Registry, SerializesGofrsHttpHistogram) {
  NullLogger log;
  Registry registry(small_options(), log.logger);
  registry.http().observe("/users/{id}", "GET", 200, 0.004);
  const auto text = registry.serialize();
  const std::string series =
      R"(otel_scope_name="svc",otel_scope_schema_url="",otel_scope_version="1.2.3",method="GET",path="/users/{id}",status="200")";
  EXPECT_NE(text.find("# HELP app_http_response Response time of HTTP requests in seconds.\n"
                      "# TYPE app_http_response histogram\n"
                      "app_http_response_count{" +
                      series +
                      "} 1\n"
                      "app_http_response_sum{" +
                      series +
                      "} 0.004\n"
                      "app_http_response_bucket{" +
                      series +
                      ",le=\"0.001\"} 0\n"
                      "app_http_response_bucket{" +
                      series +
                      ",le=\"0.003\"} 0\n"
                      "app_http_response_bucket{" +
                      series +
                      ",le=\"0.005\"} 1\n"
                      "app_http_response_bucket{" +
                      series + ",le=\"0.01\"} 1\n"),
            std::string::npos)
      << text;
  for (const auto* le :
       {"0.02", "0.03", "0.05", "0.1", "0.2", "0.3", "0.5", "0.75", "1", "2", "3", "5", "10", "30", "+Inf"}) {
    EXPECT_NE(text.find("app_http_response_bucket{" + series + ",le=\"" + le + "\"} 1\n"), std::string::npos) << le;
  }
}

TEST(Registry, ProcessSeriesAreServedWhenEnabled) {
  NullLogger log;
  auto options = small_options();
  options.process_metrics = true;
  Registry registry(options, log.logger);
  const auto text = registry.serialize();
  for (const auto* line :
       {"# TYPE app_process_threads gauge\napp_process_threads{otel_scope_name=\"svc\",otel_scope_schema_url=\"\","
        "otel_scope_version=\"1.2.3\"} ",
        "# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total ",
        "# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes ",
        "\nprocess_start_time_seconds "}) {
    EXPECT_NE(text.find(line), std::string::npos) << line;
  }
  EXPECT_EQ(Registry(small_options(), log.logger).serialize().find("process_"), std::string::npos);
}

TEST(Registry, ContentTypeIsTheTextFormats) {
  EXPECT_EQ(Registry::content_type, "text/plain; version=0.0.4; charset=utf-8");
}

// promtool parses the text and lints names. The framework's own series, and user metrics named by the
// Prometheus conventions, must pass without a single warning. Skipped where promtool is not installed.
TEST(Registry, PromtoolAcceptsTheOutputWithoutWarnings) {
  if (std::system("command -v promtool >/dev/null 2>&1") != 0) GTEST_SKIP() << "promtool not installed";
  NullLogger log;
  auto options = small_options();
  options.process_metrics = true;
  Registry registry(options, log.logger);
  auto& m = registry.metrics();
  m.new_counter("orders_created_total", "Orders created.");
  m.new_up_down_counter("jobs_in_flight", "Jobs running.");
  m.new_histogram("order_value_euros", "Order value.", {5, 50});
  m.new_gauge("cache_entries", "Help with \\ backslash\nand a line feed.");
  m.increment_counter("orders_created_total", {{"channel", "web"}});
  m.delta_up_down_counter("jobs_in_flight", 2);
  m.record_histogram("order_value_euros", 42);
  m.set_gauge("cache_entries", 3, {{"tier", "l1 \"hot\"\n"}});
  registry.http().observe("/users/{id}", "GET", 200, 0.004);
  registry.http().observe("", "BREW", 404, 0.001);

  const auto dir = std::filesystem::temp_directory_path();
  const auto input = dir / ("gofr_metrics_" + std::to_string(::getpid()) + ".txt");
  const auto output = dir / ("gofr_promtool_" + std::to_string(::getpid()) + ".txt");
  std::ofstream(input) << registry.serialize();
  const auto command = "promtool check metrics < " + input.string() + " > " + output.string() + " 2>&1";
  const int status = std::system(command.c_str());
  std::stringstream said;
  said << std::ifstream(output).rdbuf();
  std::filesystem::remove(input);
  std::filesystem::remove(output);
  EXPECT_EQ(status, 0) << said.str();
  EXPECT_EQ(said.str(), "");
}

}  // namespace
}  // namespace gofr::metrics
