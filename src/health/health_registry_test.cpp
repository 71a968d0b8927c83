#include "health/health_registry.hpp"

#include <atomic>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace gofr::detail {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

Task<void> sleep_for(std::chrono::milliseconds d) {
  asio::steady_timer t(co_await asio::this_coro::executor, d);
  co_await t.async_wait(asio::use_awaitable);
}

// Runs `count` reports concurrently on one io_context and returns them.
std::vector<HealthRegistry::Report> run_reports(HealthRegistry& registry, int count = 1, bool draining = false) {
  asio::io_context io;
  std::vector<HealthRegistry::Report> out(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    asio::co_spawn(
        io, [&, i]() -> Task<void> { out[static_cast<std::size_t>(i)] = co_await registry.report(draining); },
        asio::detached);
  }
  io.run();
  return out;
}

boost::json::object data_of(const HealthRegistry::Report& r) {
  return boost::json::parse(r.body).as_object().at("data").as_object();
}

TEST(HealthRegistry, AggregatesUpDegradedAndDown) {
  HealthRegistry up("svc", "1.0", 0ms);
  up.add("db", []() -> Task<Health> { co_return Health::up({{"host", "db:5432"}}); }, {});
  auto r = run_reports(up)[0];
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(data_of(r).at("status"), "UP");
  EXPECT_EQ(data_of(r).at("name"), "svc");
  EXPECT_EQ(data_of(r).at("db").at("details").at("host"), "db:5432");

  HealthRegistry degraded("svc", "1.0", 0ms);
  degraded.add("cache", []() -> Task<Health> { co_return Health::down(); }, {.critical = false});
  EXPECT_EQ(run_reports(degraded)[0].status, 200);
  EXPECT_EQ(data_of(run_reports(degraded)[0]).at("status"), "DEGRADED");

  HealthRegistry down("svc", "1.0", 0ms);
  down.add("db", []() -> Task<Health> { throw std::runtime_error("refused"); }, {});
  r = run_reports(down)[0];
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(data_of(r).at("status"), "DOWN");
  EXPECT_EQ(data_of(r).at("db").at("details").at("error"), "refused");
}

TEST(HealthRegistry, ChecksRunConcurrentlyAndTimeOut) {
  HealthRegistry registry("svc", "1.0", 0ms);
  for (const char* name : {"a", "b", "c"}) {
    registry.add(name,
                 []() -> Task<Health> {
                   co_await sleep_for(100ms);
                   co_return Health::up();
                 },
                 {});
  }
  registry.add("stuck",
               []() -> Task<Health> {
                 co_await sleep_for(10s);
                 co_return Health::up();
               },
               {.critical = false, .timeout = 150ms});
  const auto start = std::chrono::steady_clock::now();
  auto r = run_reports(registry)[0];
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, 1s);  // sequential checks would take 300 ms plus 10 s
  EXPECT_EQ(data_of(r).at("stuck").at("details").at("error"), "health check timed out");
  EXPECT_EQ(data_of(r).at("status"), "DEGRADED");
}

TEST(HealthRegistry, CachesAndRunsOneRoundAtATime) {
  std::atomic<int> runs{0};
  HealthRegistry registry("svc", "1.0", 10s);
  registry.add("db",
               [&]() -> Task<Health> {
                 ++runs;
                 co_await sleep_for(50ms);
                 co_return Health::up();
               },
               {});
  run_reports(registry, 1);
  EXPECT_EQ(runs, 1);
  run_reports(registry, 5);  // within the TTL: served from the cache
  EXPECT_EQ(runs, 1);
}

TEST(HealthRegistry, DrainingIsDownWithoutRunningChecks) {
  std::atomic<int> runs{0};
  HealthRegistry registry("svc", "1.0", 0ms);
  registry.add("db",
               [&]() -> Task<Health> {
                 ++runs;
                 co_return Health::up();
               },
               {});
  auto r = run_reports(registry, 1, true)[0];
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(data_of(r).at("status"), "DOWN");
  EXPECT_EQ(runs, 0);
}

TEST(HealthRegistry, RejectsReservedAndDuplicateNames) {
  HealthRegistry registry("svc", "1.0", 0ms);
  auto check = []() -> Task<Health> { co_return Health::up(); };
  EXPECT_THROW(registry.add("status", check, {}), std::invalid_argument);
  registry.add("db", check, {});
  EXPECT_THROW(registry.add("db", check, {}), std::invalid_argument);
}

}  // namespace
}  // namespace gofr::detail
