// Orders: HTTP in front, the catalog over gRPC behind, SQLite for the orders.
#include <charconv>
#include <optional>
#include <stdexcept>
#include <string>

#include <gofr/gofr.hpp>
#include <gofr/grpc/client.hpp>

#include "catalog.grpc.pb.h"
#include "fleet.hpp"

struct OrderRequest {
  std::int64_t item_id = 0;
  std::int64_t quantity = 0;
};
BOOST_DESCRIBE_STRUCT(OrderRequest, (), (item_id, quantity))

struct Order {
  std::int64_t id = 0;
  std::int64_t item_id = 0;
  std::string item_name;
  std::int64_t quantity = 0;
  std::int64_t total_cents = 0;
};
BOOST_DESCRIBE_STRUCT(Order, (), (id, item_id, item_name, quantity, total_cents))

namespace {

constexpr const char* order_columns = "id, item_id, item_name, quantity, total_cents";

OrderRequest valid_request(gofr::Context& ctx) {
  const auto request = ctx.bind<OrderRequest>();
  if (request.item_id <= 0) throw gofr::http::InvalidParam({"item_id"});
  if (request.quantity < 1 || request.quantity > 100) throw gofr::http::InvalidParam({"quantity"});
  return request;
}

std::int64_t order_id(gofr::Context& ctx) {
  const auto text = ctx.path_param("id");
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) throw gofr::http::InvalidParam({"id"});
  return id;
}

gofr::Task<fleet::Item> catalog_item(gofr::Context& ctx, std::int64_t id) {
  fleet::GetItemRequest request;
  request.set_id(id);
  auto catalog = gofr::grpc::client<fleet::Catalog>(ctx, "catalog");
  try {
    co_return co_await catalog.call<fleet::Item>("GetItem", request);
  } catch (const gofr::grpc::CallError& e) {
    // The caller asked for an item that does not exist: its mistake, named as such. Anything else passes on as
    // the matching HTTP status (UNAVAILABLE → 503, …).
    if (e.status().error_code() != grpc::StatusCode::NOT_FOUND) throw;
    throw gofr::http::EntityNotFound("item_id", std::to_string(id));
  }
}

// POST /orders {"item_id":1,"quantity":2}. A retried POST carries the same Idempotency-Key as the first attempt,
// and gets the order that attempt made rather than a second one.
gofr::Task<Order> place_order(gofr::Context& ctx) {
  const auto request = valid_request(ctx);
  std::optional<std::string> key;
  if (const auto header = ctx.header("Idempotency-Key"); !header.empty()) key = std::string(header);
  const std::string by_key = std::string("SELECT ") + order_columns + " FROM orders WHERE idempotency_key = ?";
  if (key) {
    if (auto earlier = co_await ctx.sql().select_one<Order>(by_key, *key)) co_return std::move(*earlier);
  }
  const auto item = co_await catalog_item(ctx, request.item_id);
  auto created = co_await ctx.sql().select_one<Order>(
      std::string("INSERT INTO orders (item_id, item_name, quantity, total_cents, idempotency_key) "
                  "VALUES (?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING RETURNING ") + order_columns,
      request.item_id, item.name(), request.quantity, request.quantity * item.price_cents(), key);
  // No row back: the same key was stored in the meantime, by an attempt that ran in parallel with this one.
  if (!created && key) created = co_await ctx.sql().select_one<Order>(by_key, *key);
  if (!created) throw std::runtime_error("the order was neither stored nor found");
  co_return std::move(*created);
}

gofr::Task<Order> get_order(gofr::Context& ctx) {
  const auto id = order_id(ctx);
  auto order = co_await ctx.sql().select_one<Order>(std::string("SELECT ") + order_columns +
                                                    " FROM orders WHERE id = ?", id);
  if (!order) throw gofr::http::EntityNotFound("id", std::to_string(id));
  co_return std::move(*order);
}

}  // namespace

int run_orders() {
  gofr::App app;
  // CATALOG_ATTEMPTS=1 switches gRPC's retries off (retry experiments, tests/mesh).
  const auto attempts = static_cast<int>(app.config().get_int("CATALOG_ATTEMPTS", 3, 1, 5));
  gofr::grpc::ClientOptions catalog{.timeout = std::chrono::seconds(2)};
  if (attempts > 1) catalog.retry = gofr::grpc::RetryPolicy{.max_attempts = attempts};
  app.add_grpc_service("catalog", std::string(app.config().get_or("CATALOG_ADDR", "127.0.0.1:9000")), catalog);
  app.migrate({
      {20260101000000, [](gofr::migration::Datasource& d) -> gofr::Task<void> {
         co_await d.sql.exec(
             "CREATE TABLE orders (id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL, item_name TEXT NOT NULL, "
             "quantity INTEGER NOT NULL, total_cents INTEGER NOT NULL, idempotency_key TEXT UNIQUE)");
       }},
  });
  app.post("/orders", place_order);
  app.get("/orders/{id}", get_order);
  return app.run();
}
