#include "service/oauth_token.hpp"

#include <stdexcept>
#include <unordered_map>

#include <boost/json/parse.hpp>
#include <fmt/format.h>

#include "gofr/version.hpp"
#include "service/encoding.hpp"
#include "service/exchange.hpp"

namespace gofr::service::detail {

namespace chr = std::chrono;

OAuthToken::OAuthToken(OAuthConfig config) : config_(std::move(config)) {
  const auto url = parse_http_url(config_.token_url);
  if (!url) {
    throw std::invalid_argument(fmt::format("OAuth token URL {:?} is not an http(s) URL", config_.token_url));
  }
  if (config_.client_id.empty()) throw std::invalid_argument("OAuth client id is empty");
  origin_ = origin_of(*url);
  host_header_ = url->encoded_host_and_port();
  const std::string_view path = url->encoded_path();
  target_.assign(path.empty() ? std::string_view("/") : path);
  if (url->has_query()) target_.append("?").append(url->encoded_query());
  // RFC 6749 §2.3.1: the client id and secret are form-encoded before they become Basic credentials.
  std::string id, secret;
  append_percent_encoded(id, config_.client_id);
  append_percent_encoded(secret, config_.client_secret);
  client_basic_ = "Basic " + base64(id + ":" + secret);
  body_ = "grant_type=client_credentials";
  if (!config_.scopes.empty()) {
    body_ += "&scope=";
    for (std::size_t i = 0; i < config_.scopes.size(); ++i) {
      if (i) body_ += "%20";
      append_percent_encoded(body_, config_.scopes[i]);
    }
  }
  for (const auto& [key, value] : config_.endpoint_params) {
    body_.push_back('&');
    append_percent_encoded(body_, key);
    body_.push_back('=');
    append_percent_encoded(body_, value);
  }
}

OAuthToken::~OAuthToken() = default;

ConnectionPool& OAuthToken::pool() {
  thread_local std::unordered_map<std::uint64_t, std::unique_ptr<ConnectionPool>> pools;
  auto& pool = pools[pool_owner_];
  if (!pool) pool = std::make_unique<ConnectionPool>(origin_, PoolOptions{});
  return *pool;
}

void OAuthToken::invalidate() {
  std::lock_guard lock(mutex_);
  header_.clear();
}

Task<std::string> OAuthToken::authorization(Clock::time_point deadline) {
  {
    std::lock_guard lock(mutex_);
    if (!header_.empty() && Clock::now() < refresh_at_) co_return header_;
  }
  co_return co_await fetch(deadline);
}

Task<std::string> OAuthToken::fetch(Clock::time_point deadline) {
  const auto fail = [&](std::string_view why) {
    return std::runtime_error(fmt::format("OAuth token from {}: {}", config_.token_url, why));
  };
  OutboundRequest request("POST", target_);
  request.add("Host", host_header_);
  request.add("User-Agent", std::string("gofr-cpp/") + framework_version);
  request.add("Authorization", client_basic_);
  request.add("Content-Type", "application/x-www-form-urlencoded");
  request.add("Accept", "application/json");
  request.set_body(body_);

  const auto started = Clock::now();
  std::optional<ConnectFailure> failure;
  // A token request is a POST: sent again on a fresh connection only if none of it went out.
  auto result = co_await pooled_exchange(pool(), request, deadline, false, failure);
  if (result.status == 0) {
    throw fail(failure ? failure->what : result.timed_out ? "timed out" : result.error.message());
  }
  if (result.status != 200) throw fail("HTTP " + std::to_string(result.status));

  boost::system::error_code ec;
  const auto doc = boost::json::parse(result.body, ec);
  const auto* object = doc.if_object();
  const auto* token = object ? object->if_contains("access_token") : nullptr;
  if (ec || !token || !token->is_string() || token->as_string().empty()) throw fail("no access_token in the answer");
  std::string type = "Bearer";
  if (const auto* t = object->if_contains("token_type"); t && t->is_string() && !t->as_string().empty()) {
    type = std::string(t->as_string());
    if (type == "bearer" || type == "BEARER") type = "Bearer";  // RFC 6750 spells the scheme Bearer
  }
  // Refreshed a tenth of its lifetime early (at most 30 s), so a call never carries a token about to expire.
  // Without expires_in, the token is kept until the service rejects it (401).
  auto lifetime = chr::duration_cast<Clock::duration>(chr::hours(24 * 365));
  if (const auto* e = object->if_contains("expires_in"); e && (e->is_int64() || e->is_uint64() || e->is_double())) {
    lifetime = chr::duration_cast<Clock::duration>(chr::duration<double>(e->to_number<double>()));
  }
  const auto early = std::min<Clock::duration>(lifetime / 10, chr::seconds(30));
  std::string header = type + " " + std::string(token->as_string());
  std::lock_guard lock(mutex_);
  header_ = header;
  refresh_at_ = started + lifetime - early;
  co_return header;
}

}  // namespace gofr::service::detail
