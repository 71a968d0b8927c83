// The service the integration tests drive over loopback: one route per status rule and failure class.
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gofr/gofr.hpp>

struct Item {
  int id = 0;
  std::string name;
  double price = 0;
  std::vector<std::string> tags;
};
BOOST_DESCRIBE_STRUCT(Item, (), (id, name, price, tags))

struct Upload {
  std::string title;
  gofr::http::FileHeader file;
};
BOOST_DESCRIBE_STRUCT(Upload, (), (title, file))

struct TeapotError : gofr::http::Error {
  TeapotError() : Error(418, "short and stout", gofr::Level::warn) {}
  boost::json::object extra() const override { return {{"code", "TEAPOT"}, {"message", "ignored"}}; }
};

gofr::Task<void> sleep_for(std::chrono::milliseconds d) {
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, d);
  co_await timer.async_wait(boost::asio::use_awaitable);
}

int main() {
  gofr::App app;
  // START_HOOK_SLEEP_MS=n: start-up takes n ms longer (a signal sent meanwhile must shut the app down cleanly).
  if (const char* ms = std::getenv("START_HOOK_SLEEP_MS")) {
    app.on_start([ms = std::stoi(ms)](gofr::App& a) {
      a.logger().info("start hook: sleeping");
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    });
  }

  app.get("/hello", [](gofr::Context&) { return "Hello World!"; });
  app.get("/items/{id:[0-9]+}", [](gofr::Context& ctx) {
    return Item{std::stoi(std::string(ctx.path_param("id"))), "x"};
  });
  app.get("/numbers/{n:[0-9]+}", [](gofr::Context& ctx) { return std::string(ctx.path_param("n")); });
  app.get("/users/{name}", [](gofr::Context& ctx) { return std::string(ctx.path_param("name")); });
  app.get("/params", [](gofr::Context& ctx) {
    return boost::json::object{{"first", ctx.param("c")}, {"all", boost::json::value_from(ctx.params("c"))}};
  });
  app.post("/items", [](gofr::Context& ctx) { return ctx.bind<Item>(); });
  app.post("/empty", [](gofr::Context&) {});
  app.put("/items/{id}", [](gofr::Context& ctx) { return ctx.bind<Item>(); });
  app.patch("/items/{id}", [](gofr::Context& ctx) { return ctx.bind<Item>(); });
  app.del("/items/{id}", [](gofr::Context&) { return "deleted"; });
  app.post("/upload", [](gofr::Context& ctx) {
    auto u = ctx.bind<Upload>();
    return boost::json::object{{"title", u.title}, {"filename", u.file.filename}, {"size", u.file.content.size()}};
  });
  app.post("/raw", [](gofr::Context& ctx) { return ctx.bind<std::string>(); });
  app.post("/echo", [](gofr::Context& ctx) {
    return gofr::response::Bytes{std::string(ctx.request().body()), std::string(ctx.header("Content-Type"))};
  });

  app.get("/errors/not-found", [](gofr::Context&) -> std::string { throw gofr::http::EntityNotFound("id", "7"); });
  app.get("/errors/conflict", [](gofr::Context&) -> std::string { throw gofr::http::EntityAlreadyExists(); });
  app.get("/errors/invalid", [](gofr::Context&) -> std::string { throw gofr::http::InvalidParam({"a", "b"}); });
  app.get("/errors/missing", [](gofr::Context&) -> std::string { throw gofr::http::MissingParam({"a"}); });
  app.get("/errors/unavailable",
          [](gofr::Context&) -> std::string { throw gofr::http::ServiceUnavailable("db", "connection refused"); });
  app.get("/errors/custom", [](gofr::Context&) -> std::string { throw TeapotError(); });
  app.get("/errors/panic", [](gofr::Context&) -> std::string { throw std::runtime_error("secret: password=hunter2"); });
  app.get("/errors/not-modified", [](gofr::Context&) -> std::string {
    throw gofr::http::Error(304, "not modified", gofr::Level::info);
  });
  app.get("/errors/status-1000", [](gofr::Context&) -> std::string { throw gofr::http::Error(1000, "nonsense"); });
  app.get("/redirect-to", [](gofr::Context& ctx) { return gofr::response::Redirect{ctx.param("next")}; });
  app.get("/partial", [](gofr::Context&) { return gofr::response::Partial(std::vector<int>{1, 2}, TeapotError()); });
  app.get("/response", [](gofr::Context&) {
    return gofr::response::Response{boost::json::value_from(std::vector<int>{1}), {{"page", 1}}, {{"X-Custom", "yes"}}};
  });
  app.get("/raw-json", [](gofr::Context&) { return gofr::response::Raw{{{"plain", true}}}; });
  app.get("/redirect", [](gofr::Context&) { return gofr::response::Redirect{"/hello"}; });
  app.post("/redirect", [](gofr::Context&) { return gofr::response::Redirect{"/hello"}; });
  app.get("/file", [](gofr::Context&) { return gofr::response::File{"a,b\n1,2\n", "text/csv"}; });

  app.get("/slow", [](gofr::Context& ctx) -> gofr::Task<std::string> {
    const auto ms = ctx.param("ms").empty() ? 200 : std::stoi(ctx.param("ms"));
    co_await sleep_for(std::chrono::milliseconds(ms));
    co_return "slept";
  });
  app.get("/stream", [](gofr::Context& ctx) {
    const int parts = ctx.param("parts").empty() ? 3 : std::stoi(ctx.param("parts"));
    const bool fail = !ctx.param("fail").empty();
    return gofr::response::Stream{"text/plain", [parts, fail](gofr::response::StreamWriter& out) -> gofr::Task<void> {
                                    for (int i = 0; i < parts; ++i) {
                                      co_await out.write("part " + std::to_string(i) + "\n");
                                      co_await sleep_for(std::chrono::milliseconds(5));
                                    }
                                    if (fail) throw std::runtime_error("producer failed");
                                  }};
  });
  // A handler with a child span, an attribute and an event, for the exporter tests.
  app.get("/traced", [](gofr::Context& ctx) -> gofr::Task<std::string> {
    auto span = ctx.trace("load-user");
    span.set_attribute("user.id", std::int64_t{42}).add_event("cache-miss");
    co_await sleep_for(std::chrono::milliseconds(2));
    ctx.info("loaded the user");
    co_return "traced";
  });
  app.get("/blocking",
          [](gofr::Context& ctx) -> gofr::Task<int> { co_return co_await ctx.offload([] { return 6 * 7; }); });
  // Holds the worker's io thread for ?ms= milliseconds, as a handler must never do: what arrives meanwhile waits,
  // which makes orderings deterministic for the shutdown tests.
  app.get("/hold-io-thread", [](gofr::Context& ctx) {
    std::this_thread::sleep_for(std::chrono::milliseconds(std::stoi(ctx.param("ms"))));
    return "released";
  });
  app.get("/blocking-sleep", [](gofr::Context& ctx) -> gofr::Task<int> {
    const int ms = std::stoi(ctx.param("ms"));
    auto work = [ms] {
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
      return ms;
    };
    co_return co_await ctx.offload(std::move(work));
  });
  // Offloaded work that captures state by value (a string): the case GCC's coroutine bugs would corrupt.
  app.get("/blocking/{word}", [](gofr::Context& ctx) -> gofr::Task<std::string> {
    std::string word(ctx.path_param("word"));
    auto work = [word, suffix = std::string(64, '!')] { return word + suffix.substr(0, 1); };
    co_return co_await ctx.offload(std::move(work));
  });

  auto admin = app.group("/admin");
  admin.use([](gofr::Context& ctx, gofr::Next next) -> gofr::Task<void> {
    if (ctx.header("X-Admin") != "yes") throw gofr::http::Error(403, "admin only", gofr::Level::info);
    co_await next();
    ctx.response().set_header("X-Admin-Seen", "1");
  });
  admin.get("/stats", [](gofr::Context&) { return "secret stats"; });

  app.use([](gofr::Context& ctx, gofr::Next next) -> gofr::Task<void> {
    co_await next();
    ctx.response().add_header("X-Middleware", "global");
  });

  app.add_health_check("flaky", []() -> gofr::Task<gofr::Health> {
    co_return std::getenv("FLAKY_DOWN") ? gofr::Health::down({{"error", "down by request"}})
                                        : gofr::Health::up({{"host", "localhost"}});
  });
  app.add_health_check("optional", []() -> gofr::Task<gofr::Health> { co_return gofr::Health::down(); },
                       {.critical = false});

  if (std::getenv("HEALTH_EXTRA_CHECKS")) {
    app.add_health_check("throws", []() -> gofr::Task<gofr::Health> { throw std::runtime_error("probe exploded"); },
                         {.critical = false});
    app.add_health_check("slow",
                         []() -> gofr::Task<gofr::Health> {
                           co_await sleep_for(std::chrono::seconds(5));
                           co_return gofr::Health::up();
                         },
                         {.critical = false, .timeout = std::chrono::milliseconds(200)});
  }

  // A user metric per kind, recorded by /metrics-demo (GoFr's app.Metrics() API).
  app.metrics().new_counter("orders_created_total", "Orders created");
  app.metrics().new_histogram("order_value", "Order value in euros", {1, 10, 100});
  app.metrics().new_gauge("queue_depth", "Jobs waiting");
  app.metrics().new_up_down_counter("in_flight_jobs", "Jobs running");
  app.get("/metrics-demo", [](gofr::Context& ctx) {
    ctx.metrics().increment_counter("orders_created_total", {{"channel", "web"}});
    ctx.metrics().record_histogram("order_value", 42.5);
    ctx.metrics().set_gauge("queue_depth", 7);
    ctx.metrics().delta_up_down_counter("in_flight_jobs", 2);
    ctx.metrics().increment_counter("never_registered");
    return "recorded";
  });

  // Services for the service-client tests: the fault server (FAULT_URL) behind different option sets, and an
  // address where nothing listens (REFUSED_URL).
  if (const auto fault = app.config().get("FAULT_URL")) {
    using namespace gofr::service;
    const std::string url(*fault);
    app.add_http_service("plain", url);
    app.add_http_service("hop", url, Retry{.max_retries = 2});  // the default budget, for the chain test (T6c)
    app.add_http_service("authed", url, APIKeyConfig{"secret"}, HealthConfig{.endpoint = "needs-key"});
    app.add_http_service("oauth", url,
                         OAuthConfig{.client_id = "app", .client_secret = "s3cret",
                                     .token_url = url + "/token?ttl=" +
                                                  std::string(app.config().get_or("TOKEN_TTL", "3600"))});
    app.add_http_service("retrying", url, Retry{.max_retries = 2, .budget = false});
    app.add_http_service("keyed", url,
                         Retry{.max_retries = 2, .budget = false, .idempotency_key = Retry::IdempotencyKey::generate});
    app.add_http_service("breaker", url, CircuitBreaker{.threshold = 3, .interval = std::chrono::milliseconds(300)});
    // An open breaker that also watches the health endpoint, with the service's API key.
    app.add_http_service("watched", url, CircuitBreaker{.threshold = 1, .interval = std::chrono::milliseconds(300)},
                         HealthConfig{.endpoint = "needs-key"}, APIKeyConfig{"secret"});
    // Two budgets of 1 retry a second plus 20% of calls, for the budget-sharing test (T1d).
    app.add_http_service("budget-a", url, Retry{.max_retries = 2, .budget_min_per_second = 1});
    app.add_http_service("budget-b", url, Retry{.max_retries = 2, .budget_min_per_second = 1});
    app.add_http_service("refused", std::string(app.config().get_or("REFUSED_URL", "http://127.0.0.1:1")),
                         Retry{.max_retries = 2, .budget = false});
  }
  // Ten replicas of one service (ENDPOINTS: comma-separated host:port) for the per-endpoint ejection test (T5e).
  if (const auto list = app.config().get("ENDPOINTS")) {
    using namespace gofr::service;
    Endpoints endpoints;
    for (std::string_view rest = *list; !rest.empty();) {
      const auto comma = rest.find(',');
      endpoints.addresses.emplace_back(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
    const auto base = "http://" + endpoints.addresses.front();
    app.add_http_service("replicas", base, std::move(endpoints), Retry{.max_retries = 2});
  }
  // Behind proxies that retry 5xx (tests/integration/test_mesh_retries.py): MESH_URL switches its retries off when
  // asked by header (as Envoy honours x-envoy-max-retries), MESH_RAW_URL always retries (headers ignored).
  if (const auto mesh = app.config().get("MESH_URL")) {
    using namespace gofr::service;
    const std::string honouring(*mesh), raw(app.config().get_or("MESH_RAW_URL", ""));
    app.add_http_service("mesh-app", honouring, RetryOwner::app, Retry{.max_retries = 2});
    app.add_http_service("mesh-both", raw, RetryOwner::app, Retry{.max_retries = 2, .budget = false});
    app.add_http_service("mesh-auto", raw, RetryOwner::automatic, Retry{.max_retries = 2, .budget = false});
    app.add_http_service("mesh-mesh", raw, RetryOwner::mesh, Retry{.max_retries = 2});
  }
  // GET /call?service=retrying&method=POST&path=always-503[&sleep_ms=80]: (sleeps, then) calls it and reports what
  // came back. /call2 is the same code at a second call site.
  const auto call = [](gofr::Context& ctx) -> gofr::Task<boost::json::object> {
    if (const auto ms = ctx.param("sleep_ms"); !ms.empty()) co_await sleep_for(std::chrono::milliseconds(std::stoi(ms)));
    auto client = ctx.service(ctx.param("service"));
    gofr::service::Request request(ctx.param("method").empty() ? "GET" : ctx.param("method"), ctx.param("path"));
    request.body = ctx.param("body");
    const auto response = co_await client.send(std::move(request));
    co_return boost::json::object{{"status", response.status},
                                  {"attempts", response.attempts},
                                  {"exhausted", response.retries_exhausted},
                                  {"body", response.body}};
  };
  app.get("/call", call);
  app.get("/call2", call);
  // GET /forward?service=hop&path=...: one hop of a chain, passing a failed answer on as UpstreamFailure.
  app.get("/forward", [](gofr::Context& ctx) -> gofr::Task<std::string> {
    auto client = ctx.service(ctx.param("service"));
    const auto response = co_await client.get(ctx.param("path"));
    if (!response.ok()) throw gofr::service::UpstreamFailure(ctx.param("service"), response);
    co_return response.body;
  });

  // SQL, with DB_DIALECT set. MIGRATIONS=1 registers three: a table, a slow insert (MIGRATION_SLEEP_MS) that counts
  // its runs, and one that fails with MIGRATION_FAIL=1.
  if (std::getenv("MIGRATIONS")) {
    const int sleep_ms = std::getenv("MIGRATION_SLEEP_MS") ? std::stoi(std::getenv("MIGRATION_SLEEP_MS")) : 0;
    app.migrate({
        {1, [](gofr::migration::Datasource& d) -> gofr::Task<void> {
           co_await d.sql.exec("CREATE TABLE migration_runs (pid INTEGER NOT NULL)");
           co_await d.sql.exec("CREATE TABLE tx_items (name TEXT NOT NULL)");
         }},
        {2, [sleep_ms](gofr::migration::Datasource& d) -> gofr::Task<void> {
           co_await d.sql.exec("INSERT INTO migration_runs (pid) VALUES (?)", static_cast<std::int64_t>(::getpid()));
           co_await sleep_for(std::chrono::milliseconds(sleep_ms));
         }},
        {3, [](gofr::migration::Datasource& d) -> gofr::Task<void> {
           if (std::getenv("MIGRATION_FAIL")) co_await d.sql.exec("INSERT INTO no_such_table VALUES (1)");
         }},
    });
  }
  // POST /sql/tx?name=x[&fail=1]: inserts in a transaction, then commits or throws (which rolls it back).
  app.post("/sql/tx", [](gofr::Context& ctx) -> gofr::Task<std::string> {
    auto tx = co_await ctx.sql().begin();
    const auto name = ctx.param("name");
    co_await tx.exec("INSERT INTO tx_items (name) VALUES (?)", name);
    if (ctx.param("fail") == "1") throw std::runtime_error("failing after the insert");
    co_await tx.commit();
    co_return "committed";
  });
  // GET /sql/sleep?s=2: a statement that takes s seconds on the server (PostgreSQL's pg_sleep).
  app.get("/sql/sleep", [](gofr::Context& ctx) -> gofr::Task<std::string> {
    co_await ctx.sql().query("SELECT pg_sleep(?)", std::stod(ctx.param("s")));
    co_return "slept";
  });
  app.get("/sql/tx-items", [](gofr::Context& ctx) -> gofr::Task<std::vector<std::string>> {
    std::vector<std::string> names;
    const auto rows = co_await ctx.sql().query("SELECT name FROM tx_items ORDER BY name");
    for (const auto& row : rows) {
      names.push_back(row.get<std::string>("name"));
    }
    co_return names;
  });

  // Redis, with REDIS_HOST set.
  app.put("/redis/{key}", [](gofr::Context& ctx) -> gofr::Task<std::string> {
    const std::string key(ctx.path_param("key"));
    co_await ctx.redis().set(key, ctx.bind<std::string>());
    co_return "stored";
  });
  app.get("/redis/{key}", [](gofr::Context& ctx) -> gofr::Task<std::string> {
    const std::string key(ctx.path_param("key"));
    auto value = co_await ctx.redis().get(key);
    if (!value) throw gofr::http::EntityNotFound("key", key);
    co_return std::move(*value);
  });
  app.post("/redis/{key}/incr", [](gofr::Context& ctx) -> gofr::Task<std::int64_t> {
    const std::string key(ctx.path_param("key"));
    co_return co_await ctx.redis().incr(key);
  });

  return app.run();
}
