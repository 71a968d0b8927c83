// The catalog: a gRPC service over a fixed list of items.
#include <array>
#include <cstdlib>
#include <string_view>

#include <gofr/gofr.hpp>
#include <gofr/grpc/service.hpp>

#include "catalog.grpc.pb.h"
#include "fleet.hpp"

namespace {

struct Entry {
  std::int64_t id;
  std::string_view name;
  std::int64_t price_cents;
};
constexpr std::array<Entry, 3> items{{{1, "tea", 350}, {2, "cake", 420}, {3, "coffee", 300}}};

class Catalog final : public gofr::grpc::Service<fleet::Catalog> {
 public:
  explicit Catalog(bool failing) : failing_(failing) {}

  grpc::ServerUnaryReactor* GetItem(grpc::CallbackServerContext* call, const fleet::GetItemRequest* request,
                                    fleet::Item* reply) override {
    return unary(call, [this, request, reply](gofr::Context&) {
      if (failing_) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "catalog is failing on purpose");
      for (const auto& item : items) {
        if (item.id != request->id()) continue;
        reply->set_id(item.id);
        reply->set_name(std::string(item.name));
        reply->set_price_cents(item.price_cents);
        return grpc::Status::OK;
      }
      // The HTTP error type maps to NOT_FOUND, with its message naming the id.
      throw gofr::http::EntityNotFound("id", std::to_string(request->id()));
    });
  }

 private:
  const bool failing_;
};

}  // namespace

int run_catalog() {
  gofr::App app;
  const bool failing = app.config().get_or("CATALOG_FAILURE", "") == "unavailable";
  app.register_service(std::make_shared<Catalog>(failing));
  return app.run();
}
