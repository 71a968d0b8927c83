// A gateway that calls a downstream "catalog" service through the resilient service client
// (docs/service-client.md). Run it with `make run EXAMPLE=gateway`, then:
//   curl localhost:8000/items          the gateway calls the catalog, with retries, breaker and deadline
//   curl -H 'X-Request-Timeout-Ms: 50' localhost:8000/items?slow=1   a deadline the catalog cannot meet: 504
#include <chrono>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <gofr/gofr.hpp>

int main() {
  gofr::App app;
  using namespace gofr::service;
  const std::string catalog_url(app.config().get_or("CATALOG_URL", "http://localhost:8000"));
  if (app.config().get_or("CATALOG_POLICIES", "on") == "off") {
    // No retry and no breaker: what bench/service_hop.sh measures the policies against.
    app.add_http_service("catalog", catalog_url, DefaultHeaders{{{"X-Caller", "gateway"}}});
  } else {
    app.add_http_service("catalog", catalog_url, Retry{.max_retries = 2},
                         CircuitBreaker{.threshold = 5, .interval = std::chrono::seconds(5)},
                         DefaultHeaders{{{"X-Caller", "gateway"}}});
  }

  // The gateway's own route: it forwards to the catalog and passes its answer on.
  app.get("/items", [](gofr::Context& ctx) -> gofr::Task<boost::json::value> {
    Query query;
    if (!ctx.param("slow").empty()) query.emplace_back("slow", "1");
    auto catalog = ctx.service("catalog");
    const auto r = co_await catalog.get("catalog/items", std::move(query));
    if (!r.ok()) throw gofr::service::UpstreamFailure("catalog", r);
    co_return boost::json::parse(r.body).at("data");
  });

  // Stands in for the catalog service when CATALOG_URL points back at this process.
  app.get("/catalog/items", [](gofr::Context& ctx) -> gofr::Task<boost::json::array> {
    if (!ctx.param("slow").empty()) {
      boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, std::chrono::milliseconds(200));
      co_await timer.async_wait(boost::asio::use_awaitable);
    }
    co_return boost::json::array{{{"id", 1}, {"name", "tea"}}, {{"id", 2}, {"name", "cake"}}};
  });

  return app.run();
}
