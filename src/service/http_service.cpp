#include "service/http_service.hpp"

#include <algorithm>
#include <random>
#include <stdexcept>
#include <unordered_map>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/url/authority_view.hpp>
#include <fmt/format.h>

#include "gofr/context.hpp"
#include "gofr/service/errors.hpp"
#include "gofr/version.hpp"
#include "http/request_scope.hpp"
#include "logging/json_escape.hpp"
#include "logging/line_builder.hpp"
#include "logging/timestamp.hpp"
#include "metrics/http_metrics.hpp"
#include "service/backoff.hpp"
#include "service/encoding.hpp"
#include "service/retry_policy.hpp"
#include "tracing/trace_context.hpp"

namespace gofr::service {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace chr = std::chrono;
using detail::Clock;

namespace {

// Attempts never start with less than this left: the answer could not come back in time.
constexpr chr::milliseconds safety_margin{5};

std::mt19937_64& random_engine() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return engine;
}

double uniform_unit() { return std::uniform_real_distribution<double>(0.0, 1.0)(random_engine()); }

std::string uuid_v4() {
  auto& random = random_engine();
  std::uint64_t hi = random(), lo = random();
  hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // variant 10
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xFFFF, hi & 0xFFFF, lo >> 48,
                     lo & 0xFFFFFFFFFFFFULL);
}

const std::string* find_header(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (beast::iequals(key, name)) return &value;
  }
  return nullptr;
}

RetryOwner parse_owner(std::string_view text) {
  if (text == "app") return RetryOwner::app;
  if (text == "mesh") return RetryOwner::mesh;
  if (text == "auto" || text.empty()) return RetryOwner::automatic;
  throw std::invalid_argument("invalid value \"" + std::string(text) + "\" for RETRY_OWNER: expected app, mesh or auto");
}

detail::CircuitBreaker::Outcome breaker_outcome(detail::FailureClass failure, int status) {
  using Outcome = detail::CircuitBreaker::Outcome;
  switch (failure) {
    case detail::FailureClass::none:
      return Outcome::success;
    case detail::FailureClass::throttled:  // the throttle's business, not the breaker's
    case detail::FailureClass::deadline:   // the caller ran out of time; says nothing about the service
      return Outcome::ignored;
    case detail::FailureClass::app_5xx:
      return status == 501 || status == 505 ? Outcome::success : Outcome::failure;
    case detail::FailureClass::transport:
    case detail::FailureClass::proxy_local:
      return Outcome::failure;
  }
  return Outcome::failure;
}

// Releases an attempt's breaker permit exactly once: with the attempt's outcome, or as "ignored" when the attempt
// ends in an exception (its caller cancelled, say), so that a half-open probe never holds its permit until the
// probe timeout reclaims it as a failure.
struct PermitGuard {
  explicit PermitGuard(detail::CircuitBreaker* b) : breaker(b) {}
  PermitGuard(const PermitGuard&) = delete;
  PermitGuard& operator=(const PermitGuard&) = delete;
  ~PermitGuard() { release(detail::CircuitBreaker::Outcome::ignored); }
  void release(detail::CircuitBreaker::Outcome outcome) {
    if (breaker && permit.allowed) breaker->release(permit, outcome, Clock::now());
    breaker = nullptr;
  }

  detail::CircuitBreaker* breaker;
  detail::CircuitBreaker::Permit permit{};
};

// The highest attempt number a layer beneath reported (X-Upstream-Attempts, echoed by gofr-cpp servers).
int upstream_attempts(const Headers& headers) {
  const auto* value = find_header(headers, "X-Upstream-Attempts");
  if (!value) return 0;
  int highest = 0;
  int current = 0;
  for (const char c : *value) {
    if (c >= '0' && c <= '9') {
      current = std::min(current * 10 + (c - '0'), 1000);
    } else {
      highest = std::max(highest, current);
      current = 0;
    }
  }
  return std::max(highest, current);
}

// Every service of an app registers the families; all but the first find them registered already.
void register_metrics(Metrics& metrics) {
  const auto add = [](auto&& f) {
    try {
      f();
    } catch (const std::invalid_argument&) {  // registered by an earlier service
    }
  };
  // GoFr's HTTP buckets, the same as app_http_response's.
  const std::vector<double> buckets(metrics::HttpMetrics::buckets.begin(), metrics::HttpMetrics::buckets.end());
  add([&] { metrics.new_histogram("app_http_service_response", "Response time of HTTP service requests in seconds.", buckets); });
  add([&] { metrics.new_counter("app_http_retry_count", "Total number of retries sent to HTTP services."); });
  add([&] { metrics.new_gauge("app_http_circuit_breaker_state", "Circuit breaker state: 0 closed, 1 open, 2 half-open."); });
  add([&] { metrics.new_counter("app_http_service_calls_total", "Logical calls to HTTP services, by outcome."); });
  add([&] { metrics.new_counter("app_http_service_attempts_total", "Attempts sent to HTTP services, by failure class."); });
  add([&] { metrics.new_counter("app_http_service_retries_denied_total", "Retries not made, by reason."); });
  add([&] { metrics.new_counter("app_http_circuit_breaker_transitions_total", "Circuit breaker state changes."); });
  add([&] { metrics.new_gauge("app_http_service_retry_layers_detected", "1 when a retrying layer was detected beneath this client."); });
  add([&] { metrics.new_counter("app_http_service_endpoint_ejections_total", "Endpoints ejected after consecutive failures."); });
}

// Endpoints' "host:port" addresses as origins that share the base URL's scheme and TLS server name.
std::vector<detail::Origin> endpoint_origins(const ServiceConfig& config, const detail::Origin& base) {
  if (config.endpoints.addresses.empty()) return {base};
  const auto& outliers = config.endpoints.outlier_detection;
  if (outliers.consecutive_failures < 1 || outliers.base_ejection.count() <= 0 ||
      outliers.max_ejection < outliers.base_ejection || outliers.max_ejected_percent < 0 ||
      outliers.max_ejected_percent > 100) {
    throw std::invalid_argument("service " + config.name + ": OutlierDetection needs consecutive_failures >= 1, "
                                "0 < base_ejection <= max_ejection and max_ejected_percent in [0, 100]");
  }
  std::vector<detail::Origin> origins;
  for (const auto& address : config.endpoints.addresses) {
    const auto authority = boost::urls::parse_authority(address);
    if (!authority || authority->host().empty() || !authority->has_port() || authority->port().empty() ||
        authority->has_userinfo()) {
      throw std::invalid_argument(fmt::format("service {}: endpoint {:?} is not a host:port address", config.name, address));
    }
    origins.push_back({.tls = base.tls, .host = authority->host_address(), .port = std::string(authority->port()),
                       .server_name = base.host});
  }
  return origins;
}

}  // namespace

std::string_view Response::header(std::string_view name) const noexcept {
  const auto* value = find_header(headers, name);
  return value ? std::string_view(*value) : std::string_view();
}

Task<Response> Client::send(Request request) { return service_->send(*ctx_, std::move(request)); }

// The state of one logical call.
struct HttpService::Call {
  Request request;
  std::string target;           // path and query, as sent
  detail::OutboundRequest prepared;  // what every attempt carries
  std::string url;              // scheme, host and target: the span's url.full and the log line's uri
  std::string idempotency_key;  // empty: none
  Clock::time_point started;
  Clock::time_point deadline;
  int attempts = 0;
  std::string trace_id;
};

HttpService::HttpService(ServiceConfig config, const gofr::detail::Services& services)
    : config_(std::move(config)), services_(services) {
  const auto url = detail::parse_http_url(config_.base_url);
  if (!url) {
    throw std::invalid_argument(fmt::format("service {}: base URL {:?} is not an http(s) URL", config_.name, config_.base_url));
  }
  origin_ = detail::origin_of(*url);
  host_header_ = url->encoded_host_and_port();
  user_agent_ = std::string("gofr-cpp/") + framework_version;
  endpoints_ = endpoint_origins(config_, origin_);
  endpoint_set_ = std::make_unique<detail::EndpointSet>(endpoints_.size(), config_.endpoints.outlier_detection);
  base_path_ = url->encoded_path();
  while (!base_path_.empty() && base_path_.back() == '/') base_path_.pop_back();

  owner_ = config_.retry_owner ? *config_.retry_owner : parse_owner(services_.config.get_or("RETRY_OWNER", "auto"));
  if (config_.retry) {
    if (config_.retry->max_retries < 0) throw std::invalid_argument("service " + config_.name + ": max_retries < 0");
    max_attempts_ = owner_ == RetryOwner::mesh ? 1 : 1 + config_.retry->max_retries;
    budget_ = std::make_unique<detail::RetryBudget>(detail::RetryBudgetOptions{
        .enabled = config_.retry->budget, .ratio = config_.retry->budget_ratio,
        .min_per_second = config_.retry->budget_min_per_second});
  }
  if (const auto& cb = config_.circuit_breaker) {
    auto on_transition = [this](detail::CircuitBreaker::State from, detail::CircuitBreaker::State to) {
      const auto name = [](detail::CircuitBreaker::State s) {
        return s == detail::CircuitBreaker::State::closed ? "closed" : s == detail::CircuitBreaker::State::open ? "open" : "half-open";
      };
      services_.metrics_api.set_gauge("app_http_circuit_breaker_state", static_cast<double>(to), {{"service", config_.name}});
      services_.metrics_api.increment_counter("app_http_circuit_breaker_transitions_total",
                                              {{"service", config_.name}, {"from", name(from)}, {"to", name(to)}});
      services_.logger.logf(to == detail::CircuitBreaker::State::open ? Level::warn : Level::info,
                            "circuit breaker of service {} went from {} to {}", config_.name, name(from), name(to));
    };
    breaker_ = std::make_unique<detail::CircuitBreaker>(*cb, config_.timeouts.attempt, std::move(on_transition));
  }
  if (const auto& rl = config_.rate_limiter) {
    limiter_ = std::make_unique<detail::RateLimiter>(*rl);
  }
  if (const auto& t = config_.throttling) {
    throttle_ = std::make_unique<detail::AdaptiveThrottle>(detail::AdaptiveThrottleOptions{.k = t->k, .window = t->window});
  }
  if (const auto& basic = config_.basic_auth) authorization_ = "Basic " + detail::base64(basic->user + ":" + basic->password);
  if (config_.oauth) {
    try {
      oauth_ = std::make_unique<detail::OAuthToken>(*config_.oauth);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("service " + config_.name + ": " + e.what());
    }
  }

  register_metrics(services_.metrics_api);
  if (breaker_) services_.metrics_api.set_gauge("app_http_circuit_breaker_state", 0, {{"service", config_.name}});
  services_.metrics_api.set_gauge("app_http_service_retry_layers_detected", 0, {{"service", config_.name}});
}

HttpService::~HttpService() = default;

// Connections belong to the worker thread that opened them; each worker keeps its own pool per endpoint, for as
// long as the thread lives (its io_context outlives it).
detail::ConnectionPool& HttpService::pool(std::size_t endpoint) {
  thread_local std::unordered_map<std::uint64_t, std::vector<std::unique_ptr<detail::ConnectionPool>>> pools;
  auto& mine = pools[pool_owner_];
  if (mine.empty()) {
    for (const auto& origin : endpoints_) {
      mine.push_back(std::make_unique<detail::ConnectionPool>(
          origin, detail::PoolOptions{.max_idle = config_.pool.max_idle, .idle_timeout = config_.pool.idle_timeout,
                                      .connect_timeout = config_.timeouts.connect}));
    }
  }
  return *mine[endpoint];
}

// Ejects an endpoint that keeps failing (F5); 4xx, 429 and deadlines say nothing about it.
void HttpService::record_endpoint(std::size_t endpoint, detail::CircuitBreaker::Outcome outcome) {
  if (outcome == detail::CircuitBreaker::Outcome::ignored) return;
  const bool failed = outcome == detail::CircuitBreaker::Outcome::failure;
  if (!endpoint_set_->record(endpoint, failed, Clock::now(), uniform_unit())) return;
  // Only a service with several Endpoints ejects, so the endpoint has its address as the user wrote it.
  const auto& address = config_.endpoints.addresses[endpoint];
  services_.metrics_api.increment_counter("app_http_service_endpoint_ejections_total",
                                          {{"service", config_.name}, {"endpoint", address}});
  services_.logger.warnf("service {}: endpoint {} ejected after consecutive failures", config_.name, address);
}

// What every attempt of a call carries: Host, User-Agent, the service's default and static auth headers (the call's
// own headers win), and the body. Built once per call; throws std::invalid_argument for a header that is not valid.
detail::OutboundRequest HttpService::prepare(const Request& r, std::string_view target) const {
  detail::OutboundRequest request(r.method, target);
  request.add("Host", host_header_);
  request.add("User-Agent", user_agent_);
  for (const auto& [name, value] : config_.default_headers.headers) {
    if (!find_header(r.headers, name) && !detail::client_owned_header(name)) request.add(name, value);
  }
  if (config_.api_key && !find_header(r.headers, "X-Api-Key")) request.add("X-Api-Key", config_.api_key->key);
  if (!authorization_.empty() && !find_header(r.headers, "Authorization")) request.add("Authorization", authorization_);
  for (const auto& [name, value] : r.headers) {
    if (!detail::client_owned_header(name)) request.add(name, value);
  }
  if (!find_header(r.headers, "Content-Type")) request.add("Content-Type", "application/json");
  request.set_body(r.body);
  return request;
}

// One attempt of a call: the call's request, then the OAuth token, the attempt's trace, the call's key, and F4/F6's
// deadline, attempt and ownership headers.
detail::OutboundRequest HttpService::prepare_attempt(const Call& call, std::string_view oauth, int attempt,
                                                     Clock::time_point attempt_deadline,
                                                     const tracing::Span& attempt_span) const {
  auto request = call.prepared;
  if (!oauth.empty()) request.add("Authorization", oauth);
  if (!call.idempotency_key.empty()) request.add("Idempotency-Key", call.idempotency_key);
  // The attempt's span is the callee's parent.
  if (auto injected = tracing::inject(attempt_span.context())) {
    request.add(tracing::traceparent_header, injected->traceparent);
    if (injected->tracestate) request.add(tracing::tracestate_header, *injected->tracestate);
  }
  const auto left = chr::duration_cast<chr::milliseconds>(attempt_deadline - Clock::now());
  char number[24];
  request.add("X-Request-Timeout-Ms", {number, fmt::format_to(number, "{}", std::max<std::int64_t>(left.count(), 1))});
  request.add("X-Request-Attempt", {number, fmt::format_to(number, "{}", attempt)});
  if (owner_ != RetryOwner::mesh) {
    request.add("x-envoy-max-retries", "0");
    request.add("l5d-retry-limit", "0");
  }
  return request;
}

std::string HttpService::target_of(std::string_view path, const Query& query) const {
  // GoFr's URL rule (base + "/" + path, trailing '/' dropped), without its "//" when the path starts with '/'.
  while (path.starts_with('/')) path.remove_prefix(1);
  std::string target = base_path_ + "/" + std::string(path);
  while (target.size() > 1 && target.back() == '/') target.pop_back();
  for (std::size_t i = 0; i < query.size(); ++i) {
    target.push_back(i == 0 ? '?' : '&');
    detail::append_percent_encoded(target, query[i].first);
    target.push_back('=');
    detail::append_percent_encoded(target, query[i].second);
  }
  return target;
}

Task<std::string> HttpService::oauth_authorization(const Headers& call_headers, Clock::time_point deadline) {
  if (!oauth_ || find_header(call_headers, "Authorization")) co_return std::string();
  co_return co_await oauth_->authorization(deadline);
}

// GoFr's service health check: GET the health endpoint (with the service's auth and default headers, which GoFr's
// probe left out), UP exactly when it answers 200. Neither retried nor subject to the breaker or the rate limit:
// it reports the service's state, it does not add load when the service is struggling.
Task<Health> HttpService::health() {
  const HealthConfig health = config_.health.value_or(HealthConfig{});
  const Request probe("GET", health.endpoint);
  auto request = prepare(probe, target_of(probe.path, {}));
  std::string oauth_error;
  const Headers no_headers;  // named, not {} inside the co_await (ADR 0006)
  try {
    if (const auto oauth = co_await oauth_authorization(no_headers, Clock::now() + health.timeout); !oauth.empty()) {
      request.add("Authorization", oauth);
    }
  } catch (const std::runtime_error& e) {
    oauth_error = e.what();
  }
  if (!oauth_error.empty()) co_return Health::down({{"host", host_header_}, {"error", oauth_error}});
  std::optional<detail::ConnectFailure> failure;
  const auto result =
      co_await detail::pooled_exchange(pool(endpoint_set_->pick(Clock::now())), request, Clock::now() + health.timeout,
                                       true, failure);
  if (result.status == 200) co_return Health::up({{"host", host_header_}});
  if (result.status != 0) co_return Health::down({{"host", host_header_}, {"error", "service down"}});
  co_return Health::down(
      {{"error", failure ? failure->what : (result.timed_out ? "timed out" : result.error.message())}});
}

Task<void> HttpService::probe_health_while_open() {
  struct Done {  // lets the next opening start a prober, however this one ends
    std::atomic<bool>& probing;
    ~Done() { probing = false; }
  } done{probing_health_};
  const auto executor = co_await asio::this_coro::executor;
  while (breaker_->state(Clock::now()) == detail::CircuitBreaker::State::open) {
    asio::steady_timer timer(executor, config_.circuit_breaker->interval);
    co_await timer.async_wait(asio::use_awaitable);
    if (breaker_->state(Clock::now()) != detail::CircuitBreaker::State::open) break;
    if ((co_await health()).status == HealthStatus::up) {
      services_.logger.infof("service {}: its health endpoint answers again; the circuit breaker half-opens",
                             config_.name);
      breaker_->half_open_now(Clock::now());
    }
  }
}

Task<Response> HttpService::send(Context& ctx, Request request) {
  auto target = target_of(request.path, request.query);
  auto prepared = prepare(request, target);  // a header that is not valid throws here, before any state changed
  // The inbound W3C baggage goes on, unless the call sets its own.
  if (const auto& baggage = ctx.scope().baggage; baggage && !baggage->empty() && !find_header(request.headers, "baggage")) {
    prepared.add("baggage", baggage->to_header());
  }
  Call call{std::move(request), std::move(target), std::move(prepared)};
  auto& r = call.request;
  call.started = Clock::now();
  call.deadline = call.started + config_.timeouts.total;
  if (const auto inbound = ctx.deadline()) call.deadline = std::min(call.deadline, *inbound);
  call.trace_id = std::string(ctx.trace_id());

  auto span = ctx.trace(r.method);
  span.set_kind(tracing::SpanKind::client);
  call.url = (origin_.tls ? "https://" : "http://") + host_header_ + call.target;
  span.set_attribute("http.request.method", r.method)
      .set_attribute("server.address", origin_.host)
      .set_attribute("server.port", std::int64_t{std::stoi(origin_.port)})
      .set_attribute("url.full", call.url)
      .set_attribute("peer.service", config_.name);

  const auto fail = [&](std::string_view failure) {
    span.set_attribute("error.type", std::string(failure)).set_status(tracing::StatusCode::error, failure);
    observe(call, nullptr, failure);
  };

  if (Clock::now() + safety_margin >= call.deadline) {
    fail("deadline");
    throw DeadlineExceeded(config_.name);
  }
  if (limiter_) {
    const auto decision = limiter_->acquire(Clock::now(), call.deadline);
    if (decision.kind == detail::RateLimiter::Decision::Kind::reject) {
      fail(decision.past_deadline ? "deadline" : "rate_limited");
      if (decision.past_deadline) throw DeadlineExceeded(config_.name);
      throw RateLimited(config_.name, chr::ceil<chr::milliseconds>(decision.delay));
    }
    if (decision.kind == detail::RateLimiter::Decision::Kind::wait) {
      asio::steady_timer timer(co_await asio::this_coro::executor, decision.delay);
      co_await timer.async_wait(asio::use_awaitable);
    }
  }
  const bool key = config_.retry && config_.retry->idempotency_key == Retry::IdempotencyKey::generate &&
                   !detail::idempotent_method(r.method) && !find_header(r.headers, "Idempotency-Key");
  if (key) call.idempotency_key = uuid_v4();
  const bool has_key = key || find_header(r.headers, "Idempotency-Key");

  if (budget_) budget_->call_started(Clock::now());
  struct BudgetCall {  // ends the logical call in the budget however the call ends
    detail::RetryBudget* budget;
    ~BudgetCall() {
      if (budget) budget->call_finished();
    }
  } budget_call{budget_.get()};

  std::optional<Response> answer;
  std::string failure;     // why there is no answer
  bool deadline_expired = false;
  bool retried = false;    // a retry was made or wanted: the failure is "exhausted" for callers upstream
  bool retry_in_progress = false;
  const auto finish_retry = [&] {
    if (retry_in_progress && budget_) budget_->retry_finished();
    retry_in_progress = false;
  };
  struct RetryGuard {
    std::function<void()> finish;
    ~RetryGuard() { finish(); }
  } retry_guard{finish_retry};

  std::size_t previous_endpoint = detail::EndpointSet::none;
  for (int attempt = 1;; ++attempt) {
    if (throttle_ && !throttle_->admit(Clock::now(), uniform_unit())) {
      if (attempt > 1) break;  // a retry the throttle refuses: the last answer stands
      fail("throttled_locally");
      throw ThrottledLocally(config_.name);
    }
    // The token comes first: a token endpoint that fails leaves no breaker permit behind.
    std::string oauth;
    std::string oauth_error;
    try {
      if (oauth_) oauth = co_await oauth_authorization(r.headers, call.deadline);
    } catch (const std::runtime_error& e) {
      oauth_error = e.what();
    }
    if (!oauth_error.empty()) {
      if (attempt > 1) break;
      fail(oauth_error);
      throw Unavailable(config_.name, oauth_error, false);
    }
    PermitGuard permit{breaker_.get()};
    if (breaker_) {
      permit.permit = breaker_->admit(Clock::now());
      if (!permit.permit.allowed) {
        if (attempt == 1) {
          fail("circuit_open");
          throw CircuitOpen(config_.name, chr::ceil<chr::milliseconds>(permit.permit.retry_after));
        }
        break;  // a retry never goes through an open breaker: the last answer stands
      }
    }
    const auto attempt_deadline = std::min(call.deadline - safety_margin, Clock::now() + config_.timeouts.attempt);
    auto attempt_span = ctx.trace(r.method);
    attempt_span.set_kind(tracing::SpanKind::client);
    if (attempt > 1) attempt_span.set_attribute("http.request.resend_count", std::int64_t{attempt - 1});

    auto outbound = prepare_attempt(call, oauth, attempt, attempt_deadline, attempt_span);
    std::optional<detail::ConnectFailure> connect_failure;
    const auto endpoint = endpoint_set_->pick(Clock::now(), previous_endpoint);  // a retry goes elsewhere
    previous_endpoint = endpoint;
    auto result = co_await detail::pooled_exchange(pool(endpoint), outbound, attempt_deadline,
                                                   has_key || detail::idempotent_method(r.method), connect_failure);
    finish_retry();
    ++call.attempts;

    detail::AttemptOutcome outcome;
    if (result.status == 401 && oauth_ && !oauth.empty()) oauth_->invalidate();  // the next call gets a new token
    if (result.status != 0) {
      outcome.status = result.status;
      outcome.failure = detail::classify_response(result.status, result.headers, result.body);
      outcome.retry_exhausted = [&] {
        const auto* v = find_header(result.headers, "X-Retry-Exhausted");
        return v && *v == "1";
      }();
      attempt_span.set_attribute("http.response.status_code", std::int64_t{result.status});
    } else {
      const bool deadline_hit = result.timed_out && attempt_deadline >= call.deadline - safety_margin;
      outcome.failure = deadline_hit ? detail::FailureClass::deadline : detail::FailureClass::transport;
      deadline_expired = deadline_hit;
      outcome.request_not_sent = connect_failure.has_value() || !result.request_written;
      failure = connect_failure ? connect_failure->what
                                : (result.timed_out ? "timed out" : result.error.message());
    }
    if (outcome.failure != detail::FailureClass::none) {
      attempt_span.set_attribute("error.type", outcome.status ? std::to_string(outcome.status) : std::string(to_string(outcome.failure)))
          .set_status(tracing::StatusCode::error);
    }
    services_.metrics_api.increment_counter("app_http_service_attempts_total",
                                            {{"service", config_.name}, {"class", to_string(outcome.failure)}});
    const auto health_outcome = breaker_outcome(outcome.failure, outcome.status);
    if (breaker_) {
      permit.release(health_outcome);
      // With a HealthConfig, an open breaker watches the health endpoint too (GoFr's recovery, kept as a shortcut).
      if (config_.health && breaker_->state(Clock::now()) == detail::CircuitBreaker::State::open &&
          !probing_health_.exchange(true)) {
        asio::co_spawn(co_await asio::this_coro::executor, probe_health_while_open(), asio::detached);
      }
    }
    record_endpoint(endpoint, health_outcome);
    if (throttle_ && (outcome.failure == detail::FailureClass::none)) throttle_->accepted(Clock::now());

    // A 429 or 503 may say when to come back; a 429's pause holds every caller of this service.
    std::optional<chr::nanoseconds> server_delay;
    if (result.status == 429 || result.status == 503) {
      if (const auto* v = find_header(result.headers, "Retry-After")) server_delay = detail::parse_retry_after(*v);
      if (!server_delay) {
        if (const auto* v = find_header(result.headers, "X-RateLimit-Reset")) server_delay = detail::parse_rate_limit_reset(*v);
      }
      if (result.status == 429 && server_delay && limiter_) limiter_->pause_until(Clock::now() + *server_delay);
    }
    if (result.status != 0) {
      answer = Response{result.status, std::move(result.headers), std::move(result.body), call.attempts, false};
    }
    attempt_span.end();

    // F6: a layer beneath retried this attempt (the mesh ignored our headers): it owns retries from now on.
    if (answer && owner_ == RetryOwner::automatic && upstream_attempts(answer->headers) > 1 &&
        !retry_layer_detected_.exchange(true)) {
      services_.metrics_api.set_gauge("app_http_service_retry_layers_detected", 1, {{"service", config_.name}});
      services_.logger.warnf("service {}: a retrying layer beneath this client was detected (X-Upstream-Attempts); "
                             "the client stops retrying this service so that failures are not retried twice",
                             config_.name);
    }
    const auto verdict =
        detail::retry_verdict(r.method, has_key, r.body.size(), outcome,
                              config_.retry ? config_.retry->replay_limit : detail::default_replay_limit);
    if (verdict == detail::RetryVerdict::succeeded) break;
    if (verdict != detail::RetryVerdict::retry) {
      if (verdict != detail::RetryVerdict::not_retryable && config_.retry) {
        services_.metrics_api.increment_counter("app_http_service_retries_denied_total",
                                                {{"service", config_.name}, {"reason", to_string(verdict)}});
      }
      retried = retried || verdict == detail::RetryVerdict::exhausted_downstream;
      break;
    }
    retried = config_.retry.has_value() && max_attempts_ > 1;
    const auto deny = [&](std::string_view reason) {
      services_.metrics_api.increment_counter("app_http_service_retries_denied_total",
                                              {{"service", config_.name}, {"reason", reason}});
    };
    if (attempt >= max_attempts_ || retry_layer_detected_.load(std::memory_order_relaxed)) break;
    const auto delay = server_delay ? *server_delay
                                    : detail::full_jitter(detail::backoff_profile(outcome),
                                                          static_cast<unsigned>(attempt - 1), uniform_unit());
    if (Clock::now() + delay + safety_margin >= call.deadline) {
      deny("deadline");  // the next attempt could not finish in time: fail now, without sleeping
      break;
    }
    if (budget_ && !budget_->try_start_retry(Clock::now())) {
      deny("budget");
      break;
    }
    retry_in_progress = true;
    services_.metrics_api.increment_counter("app_http_retry_count", {{"service", config_.name}});
    asio::steady_timer timer(co_await asio::this_coro::executor, delay);
    co_await timer.async_wait(asio::use_awaitable);
  }

  if (answer) {
    answer->attempts = call.attempts;
    answer->retries_exhausted = retried && !answer->ok() && answer->status >= 500;
    span.set_attribute("http.response.status_code", std::int64_t{answer->status});
    if (answer->status >= 400) {
      span.set_attribute("error.type", std::to_string(answer->status)).set_status(tracing::StatusCode::error);
    }
    observe(call, &*answer, {});
    co_return std::move(*answer);
  }
  fail(failure.empty() ? "no response" : failure);
  if (deadline_expired) throw DeadlineExceeded(config_.name);
  throw Unavailable(config_.name, failure, retried);
}

// GoFr's log line and metrics for one logical call.
void HttpService::observe(Call& call, const Response* response, std::string_view failure) const {
  const auto elapsed = Clock::now() - call.started;
  const int status = response ? response->status : 503;  // GoFr reports a call without an answer as 503
  const auto method = std::string_view(call.request.method);
  const auto outcome = response ? (response->ok() ? "ok" : std::to_string(response->status)) : std::string(failure);
  call_metrics_.record(std::string_view(call.target).substr(0, call.target.find('?')), method, status,
                       chr::duration<double>(elapsed).count(), outcome);
  // GoFr's fields (pkg/gofr/service/logger.go): timestamp, latency in µs, correlationId, responseCode, httpMethod,
  // uri, and errorMessage without an answer; attempts is ours. Written straight into the log line.
  const auto started_at = chr::system_clock::now() - chr::duration_cast<chr::system_clock::duration>(elapsed);
  services_.logger.log_record(
      Level::info,
      [&](std::string& line) {
        logging::LineBuilder out(line);
        out << R"({"timestamp":")";
        out.advance(logging::write_rfc3339(out.reserve(logging::rfc3339_max_size), started_at,
                                           logging::Utc::as_offset));
        out << R"(","latency":)" << chr::duration_cast<chr::microseconds>(elapsed).count() << R"(,"correlationId":")"
            << call.trace_id << R"(","responseCode":)" << status << R"(,"httpMethod":")";
        logging::append_json_escaped(out, method);
        out << R"(","uri":")";
        logging::append_json_escaped(out, call.url);
        out << '"';
        if (!response) {
          out << R"(,"errorMessage":")";
          logging::append_json_escaped(out, failure);
          out << '"';
        }
        out << R"(,"attempts":)" << call.attempts << '}';
      },
      call.trace_id);
}

}  // namespace gofr::service
