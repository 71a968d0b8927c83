// The sample service: `make run` starts it on HTTP_PORT (8000).
//   curl localhost:8000/hello              → {"data":"Hello World!"}
//   curl localhost:8000/hello?name=Ada     → {"data":"Hello Ada!"}
//   curl localhost:8000/.well-known/health → {"data":{"name":"hello","status":"UP",…,"sql":{"status":"UP",…}}}
//
// With a database configured (configs/.env sets DB_DIALECT=sqlite, so hello.db is created next to it; for
// PostgreSQL see docs/sql.md) it also serves a small CRUD resource:
//   curl -X POST localhost:8000/items -d '{"name":"tea","price":2.5}'  → 201 {"data":{"id":1,"name":"tea",…}}
//   curl localhost:8000/items                                         → 200 {"data":[…]}
//   curl localhost:8000/items/1                                       → 200, or 404 when there is no item 1
//   curl -X PUT localhost:8000/items/1 -d '{"name":"green tea","price":3}'
//   curl -X DELETE localhost:8000/items/1                             → 204
//
// With Redis configured (REDIS_HOST=localhost make run; docs/redis.md) it counts page visits:
//   curl -X POST localhost:8000/visits/home                           → 201 {"data":1}, then 2, 3 …
#include <charconv>

#include <gofr/gofr.hpp>

struct Greeting {
  std::string name;
  std::string message;
};
BOOST_DESCRIBE_STRUCT(Greeting, (), (name, message))

struct Item {
  std::int64_t id = 0;
  std::string name;
  double price = 0;
};
BOOST_DESCRIBE_STRUCT(Item, (), (id, name, price))

namespace {

std::int64_t item_id(gofr::Context& ctx) {
  const auto text = ctx.path_param("id");
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) throw gofr::http::InvalidParam({"id"});
  return id;
}

Item valid_item(gofr::Context& ctx) {
  auto item = ctx.bind<Item>();
  if (item.name.empty()) throw gofr::http::MissingParam({"name"});
  if (item.price < 0) throw gofr::http::InvalidParam({"price"});
  return item;
}

void add_items(gofr::App& app) {
  app.migrate({
      {20250101000000, [](gofr::migration::Datasource& d) -> gofr::Task<void> {
         // The one statement that differs between dialects: how an id is generated.
         const bool postgres = d.sql.dialect() == gofr::sql::Dialect::postgres;
         co_await d.sql.exec(postgres ? "CREATE TABLE items (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                                        "name TEXT NOT NULL, price DOUBLE PRECISION NOT NULL)"
                                      : "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                                        "price REAL NOT NULL)");
       }},
  });

  app.post("/items", [](gofr::Context& ctx) -> gofr::Task<Item> {
    const auto item = valid_item(ctx);
    auto created = co_await ctx.sql().select_one<Item>(
        "INSERT INTO items (name, price) VALUES (?, ?) RETURNING id, name, price", item.name, item.price);
    co_return std::move(*created);
  });

  app.get("/items", [](gofr::Context& ctx) -> gofr::Task<std::vector<Item>> {
    co_return co_await ctx.sql().select<Item>("SELECT id, name, price FROM items ORDER BY id");
  });

  app.get("/items/{id}", [](gofr::Context& ctx) -> gofr::Task<Item> {
    const auto id = item_id(ctx);
    auto item = co_await ctx.sql().select_one<Item>("SELECT id, name, price FROM items WHERE id = ?", id);
    if (!item) throw gofr::http::EntityNotFound("id", std::to_string(id));
    co_return std::move(*item);
  });

  app.put("/items/{id}", [](gofr::Context& ctx) -> gofr::Task<Item> {
    const auto id = item_id(ctx);
    auto item = valid_item(ctx);
    const auto done = co_await ctx.sql().exec("UPDATE items SET name = ?, price = ? WHERE id = ?", item.name,
                                              item.price, id);
    if (done.rows_affected == 0) throw gofr::http::EntityNotFound("id", std::to_string(id));
    item.id = id;
    co_return item;
  });

  app.del("/items/{id}", [](gofr::Context& ctx) -> gofr::Task<void> {
    const auto id = item_id(ctx);
    const auto done = co_await ctx.sql().exec("DELETE FROM items WHERE id = ?", id);
    if (done.rows_affected == 0) throw gofr::http::EntityNotFound("id", std::to_string(id));
  });
}

void add_visits(gofr::App& app) {
  app.post("/visits/{page}", [](gofr::Context& ctx) -> gofr::Task<std::int64_t> {
    const std::string key = "visits:" + std::string(ctx.path_param("page"));
    co_return co_await ctx.redis().incr(key);
  });
}

}  // namespace

int main() {
  gofr::App app;

  app.get("/hello", [](gofr::Context& ctx) -> std::string {
    const auto name = ctx.param("name");
    if (name.empty()) return "Hello World!";
    return "Hello " + name + "!";
  });

  // POST a JSON greeting: 201 with the greeting back, 400 naming the field on bad input.
  app.post("/greetings", [](gofr::Context& ctx) {
    auto greeting = ctx.bind<Greeting>();
    if (greeting.name.empty()) throw gofr::http::MissingParam({"name"});
    return greeting;
  });

  app.get("/greetings/{name}", [](gofr::Context& ctx) {
    return Greeting{std::string(ctx.path_param("name")), "Hello " + std::string(ctx.path_param("name")) + "!"};
  });

  if (app.config().get("DB_DIALECT")) add_items(app);
  if (app.config().get("REDIS_HOST")) add_visits(app);

  return app.run();
}
