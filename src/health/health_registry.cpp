#include "health/health_registry.hpp"

#include <memory>
#include <optional>
#include <stdexcept>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "http/json_writer.hpp"

namespace gofr::detail {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;

namespace {

// A check that cannot throw: its exception becomes DOWN with the message.
Task<Health> guarded(const HealthCheck& check) {
  try {
    co_return co_await check();
  } catch (const std::exception& e) {
    co_return Health::down({{"error", e.what()}});
  } catch (...) {
    co_return Health::down({{"error", "health check failed"}});
  }
}

// One check with its timeout. Asio's || waits for the first branch that succeeds, hence the guard: a throwing
// check must be DOWN at once, not after its timeout.
Task<Health> run_check(const HealthCheck& check, std::chrono::milliseconds timeout) {
  asio::steady_timer timer(co_await asio::this_coro::executor, timeout);
  auto outcome = co_await (guarded(check) || timer.async_wait(asio::use_awaitable));
  if (outcome.index() == 0) co_return std::get<0>(std::move(outcome));
  co_return Health::down({{"error", "health check timed out"}});
}

}  // namespace

void HealthRegistry::add(std::string name, HealthCheck check, HealthCheckOptions options) {
  if (name == "name" || name == "version" || name == "status") {
    throw std::invalid_argument("health check name '" + name + "' is reserved for the app-level fields");
  }
  for (const auto& e : entries_) {
    if (e.name == name) throw std::invalid_argument("health check '" + name + "' registered twice");
  }
  entries_.push_back({std::move(name), std::move(check), options});
}

Task<HealthRegistry::Report> HealthRegistry::report(bool draining) {
  if (draining) {
    boost::json::object data{{"name", app_name_}, {"version", app_version_}, {"status", "DOWN"}};
    co_return Report{503, R"({"data":)" + http::to_json(data) + "}\n"};
  }
  {
    std::lock_guard lock(mutex_);
    const bool fresh = has_cache_ && std::chrono::steady_clock::now() - cached_at_ < cache_ttl_;
    // One round of checks at a time: probes that arrive while it runs get the previous answer.
    if (fresh || (has_cache_ && computing_)) co_return cached_;
    computing_ = true;
  }
  Report report;
  try {
    report = co_await compute();
  } catch (...) {
    std::lock_guard lock(mutex_);
    computing_ = false;
    throw;
  }
  std::lock_guard lock(mutex_);
  cached_ = report;
  cached_at_ = std::chrono::steady_clock::now();
  has_cache_ = true;
  computing_ = false;
  co_return report;
}

Task<HealthRegistry::Report> HealthRegistry::compute() {
  auto executor = co_await asio::this_coro::executor;
  struct Shared {
    explicit Shared(asio::any_io_executor ex, std::size_t n) : done(ex), results(n), pending(n) {}
    asio::steady_timer done;
    std::vector<std::optional<Health>> results;
    std::size_t pending;
  };
  auto shared = std::make_shared<Shared>(executor, entries_.size());
  shared->done.expires_at(asio::steady_timer::time_point::max());
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    asio::co_spawn(
        executor,
        [this, i, shared]() -> Task<void> {
          shared->results[i] = co_await run_check(entries_[i].check, entries_[i].options.timeout);
        },
        [shared](std::exception_ptr) {
          if (--shared->pending == 0) shared->done.cancel();
        });
  }
  if (shared->pending > 0) {
    boost::system::error_code ec;
    co_await shared->done.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    // Cancelled (the probe that runs this round hung up) before every check finished: no report, and nothing
    // cached — a half-finished round must never be taken for a healthy one.
    if (shared->pending > 0) throw boost::system::system_error(asio::error::operation_aborted);
  }

  bool critical_down = false, any_down = false;
  boost::json::object data{{"name", app_name_}, {"version", app_version_}};
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const auto& h = *shared->results[i];
    const bool down = h.status == HealthStatus::down;
    any_down |= down;
    critical_down |= down && entries_[i].options.critical;
    boost::json::object entry{{"status", down ? "DOWN" : "UP"}};
    if (!h.details.empty()) entry["details"] = h.details;
    data[entries_[i].name] = std::move(entry);
  }
  data["status"] = critical_down ? "DOWN" : any_down ? "DEGRADED" : "UP";
  co_return Report{critical_down ? 503 : 200, R"({"data":)" + http::to_json(data) + "}\n"};
}

}  // namespace gofr::detail
