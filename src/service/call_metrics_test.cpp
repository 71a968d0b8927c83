#include "service/call_metrics.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "gofr/logging.hpp"
#include "gofr/metrics.hpp"
#include "metrics/registry.hpp"

namespace gofr::service::detail {
namespace {

class CallMetricsTest : public ::testing::Test {
 protected:
  CallMetricsTest() {
    m.new_histogram("app_http_service_response", "Response time.", {0.01, 1});
    m.new_counter("app_http_service_calls_total", "Calls.");
  }
  ~CallMetricsTest() override { ::close(null_fd); }

  // The value of the sample `name` whose labels contain every one of `parts`.
  std::optional<double> sample(std::string_view name, std::initializer_list<std::string_view> parts) {
    const auto text = registry.serialize();
    for (std::size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
      const auto end = text.find('\n', at);
      const auto line = std::string_view(text).substr(at, end - at);
      const auto has = [&](std::string_view part) { return line.find(part) != std::string_view::npos; };
      if (line.starts_with(std::string(name) + "{") && std::all_of(parts.begin(), parts.end(), has)) {
        return std::stod(std::string(line.substr(line.rfind(' ') + 1)));
      }
    }
    return std::nullopt;
  }

  int null_fd = ::open("/dev/null", O_WRONLY);
  Logger logger{LoggerOptions{.level = Level::debug, .pretty = false, .out_fd = null_fd, .err_fd = null_fd}};
  metrics::Registry registry{{.app_name = "svc", .app_version = "1", .process_metrics = false}, logger};
  Metrics& m = registry.metrics();
};

TEST_F(CallMetricsTest, EachLabelSetAndEachServiceHasItsOwnSeries) {
  CallMetrics catalog(m, "catalog"), orders(m, "orders");
  catalog.record("/items", "GET", 200, 0.005, "ok");
  catalog.record("/items", "GET", 200, 0.5, "ok");  // the cached series
  catalog.record("/items", "GET", 503, 0.005, "503");
  orders.record("/items", "GET", 200, 0.005, "ok");  // same labels, another service: not the catalog's series
  std::thread([&] { catalog.record("/items", "GET", 200, 0.005, "ok"); }).join();  // another thread's cache

  const auto catalog_ok = R"(service="catalog",status="200")";
  EXPECT_EQ(sample("app_http_service_response_count", {R"(path="/items")", catalog_ok}), 3);
  EXPECT_EQ(sample("app_http_service_response_bucket", {R"(method="GET")", catalog_ok, R"(le="0.01")"}), 2);
  EXPECT_EQ(sample("app_http_service_response_count", {R"(service="catalog",status="503")"}), 1);
  EXPECT_EQ(sample("app_http_service_response_count", {R"(service="orders",status="200")"}), 1);
  EXPECT_EQ(sample("app_http_service_calls_total", {R"(outcome="ok")", R"(service="catalog")"}), 3);
  EXPECT_EQ(sample("app_http_service_calls_total", {R"(outcome="503")", R"(service="catalog")"}), 1);
  EXPECT_EQ(sample("app_http_service_calls_total", {R"(outcome="ok")", R"(service="orders")"}), 1);
}

TEST_F(CallMetricsTest, AnUnregisteredMetricIsSkippedNotCached) {
  metrics::Registry bare{{.app_name = "svc", .app_version = "1", .process_metrics = false}, logger};
  CallMetrics calls(bare.metrics(), "catalog");
  calls.record("/items", "GET", 200, 0.005, "ok");  // reported by the metrics API's rules, and no crash
  bare.metrics().new_counter("app_http_service_calls_total", "Calls.");
  calls.record("/items", "GET", 200, 0.005, "ok");  // found now that it exists
  EXPECT_NE(bare.serialize().find("app_http_service_calls_total{"), std::string::npos);
}

}  // namespace
}  // namespace gofr::service::detail
