// GoFr's gRPC auth interceptors (gofr/grpc/interceptor.hpp).
#include <openssl/crypto.h>

#include "gofr/context.hpp"
#include "gofr/grpc/interceptor.hpp"
#include "service/encoding.hpp"

namespace gofr::grpc {

namespace {

// Constant time for equal lengths, so a guess learns nothing from how long the comparison took.
bool same(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool any_matches(const std::vector<std::string>& accepted, std::string_view given) noexcept {
  bool found = false;
  for (const auto& candidate : accepted) found |= same(candidate, given);  // no early exit: every key is compared
  return found;
}

// Accepts the call when `accepted` holds the metadata value `key`; otherwise UNAUTHENTICATED with GoFr's messages.
Interceptor require(std::string key, std::vector<std::string> accepted) {
  return [key = std::move(key), accepted = std::move(accepted)](Context& ctx, const CallInfo&,
                                                                Next next) -> Task<::grpc::Status> {
    const auto given = ctx.header(key);
    if (given.empty()) {
      co_return ::grpc::Status(::grpc::StatusCode::UNAUTHENTICATED, "missing auth header in key '" + key + "'");
    }
    if (!any_matches(accepted, given)) {
      co_return ::grpc::Status(::grpc::StatusCode::UNAUTHENTICATED, "invalid auth header in key '" + key + "'");
    }
    co_return co_await next();
  };
}

}  // namespace

Interceptor api_key_auth(std::vector<std::string> keys) { return require("x-api-key", std::move(keys)); }

Interceptor basic_auth(std::vector<std::pair<std::string, std::string>> users) {
  std::vector<std::string> accepted;
  for (const auto& [user, password] : users) accepted.push_back("Basic " + service::detail::base64(user + ":" + password));
  return require("authorization", std::move(accepted));
}

}  // namespace gofr::grpc
