#pragma once
// OAuth 2.0 client credentials (RFC 6749 §4.4) for a service's calls: the token is fetched once, cached, and
// refreshed shortly before it expires (GoFr fetched one per call). The token endpoint is called with HTTP Basic
// client authentication (§2.3.1) and a form body; its connections are pooled per worker thread like the service's.
// Thread-safe.
#include <memory>
#include <mutex>
#include <string>

#include "gofr/service/options.hpp"
#include "service/connection_pool.hpp"

namespace gofr::service::detail {

class OAuthToken {
 public:
  // Throws std::invalid_argument for a token URL that is not http(s), or a missing client id.
  explicit OAuthToken(OAuthConfig config);
  ~OAuthToken();

  // The Authorization header value ("Bearer …"), fetching a token first when none is fresh. Throws
  // std::runtime_error naming the token endpoint when it cannot get one before `deadline`.
  Task<std::string> authorization(Clock::time_point deadline);
  // The service answered 401: the next call fetches a new token.
  void invalidate();

 private:
  Task<std::string> fetch(Clock::time_point deadline);
  ConnectionPool& pool();

  OAuthConfig config_;
  const std::uint64_t pool_owner_ = new_pool_owner_id();
  Origin origin_;
  std::string host_header_;
  std::string target_;
  std::string body_;           // the form, the same for every fetch
  std::string client_basic_;   // "Basic base64(id:secret)"
  std::mutex mutex_;
  std::string header_;         // cached Authorization value
  Clock::time_point refresh_at_{};
};

}  // namespace gofr::service::detail
