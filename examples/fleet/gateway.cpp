// The gateway: the fleet's front door, calling orders over HTTP through the resilient service client.
#include <chrono>
#include <string>

#include <boost/json/parse.hpp>
#include <gofr/gofr.hpp>

#include "fleet.hpp"

namespace {

// What orders answered, passed on: its data on success; its own 4xx (the caller's mistake, with the message that
// names it) as it came; anything else as the gateway's 502 or 503.
boost::json::value passed_on(const gofr::service::Response& r) {
  if (r.ok()) return boost::json::parse(r.body).at("data");
  if (r.status >= 400 && r.status < 500) {
    std::string message = "orders answered " + std::to_string(r.status);
    boost::system::error_code ec;
    const auto body = boost::json::parse(r.body, ec);
    if (!ec && body.is_object()) {
      if (const auto* error = body.as_object().if_contains("error"); error && error->is_object()) {
        if (const auto* text = error->as_object().if_contains("message"); text && text->is_string()) {
          message = std::string(text->as_string());
        }
      }
    }
    throw gofr::http::Error(r.status, message, gofr::Level::info);
  }
  throw gofr::service::UpstreamFailure("orders", r);
}

}  // namespace

int run_gateway() {
  gofr::App app;
  using namespace gofr::service;
  // POST carries an Idempotency-Key, the same on every attempt, so it may be retried: orders makes one order.
  // ORDERS_RETRIES, ORDERS_RETRY_BUDGET=off and ORDERS_BREAKER=off are for retry experiments (tests/mesh), with
  // the framework's RETRY_OWNER.
  const auto& config = app.config();
  const std::string url(config.get_or("ORDERS_URL", "http://127.0.0.1:8001"));
  const Retry retry{.max_retries = static_cast<int>(config.get_int("ORDERS_RETRIES", 2, 0, 10)),
                    .budget = config.get_or("ORDERS_RETRY_BUDGET", "on") != "off",
                    .idempotency_key = Retry::IdempotencyKey::generate};
  if (config.get_or("ORDERS_BREAKER", "on") == "off") {
    app.add_http_service("orders", url, retry);
  } else {
    app.add_http_service("orders", url, retry, CircuitBreaker{.threshold = 5, .interval = std::chrono::seconds(5)});
  }

  // POST /checkout {"item_id":1,"quantity":2} → the order, 201.
  app.post("/checkout", [](gofr::Context& ctx) -> gofr::Task<boost::json::value> {
    // The body and its Content-Type go on as they came: orders checks both and names what is wrong.
    gofr::service::Headers headers;
    if (const auto type = ctx.header("Content-Type"); !type.empty()) headers.emplace_back("Content-Type", type);
    auto orders = ctx.service("orders");
    const auto r = co_await orders.post_with_headers("orders", {}, std::string(ctx.request().body()),
                                                     std::move(headers));
    co_return passed_on(r);
  });

  app.get("/orders/{id}", [](gofr::Context& ctx) -> gofr::Task<boost::json::value> {
    auto orders = ctx.service("orders");
    const auto r = co_await orders.get("orders/" + std::string(ctx.path_param("id")));
    co_return passed_on(r);
  });

  return app.run();
}
