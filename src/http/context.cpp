#include "gofr/context.hpp"

#include <stdexcept>

#include "service/http_service.hpp"

#include "http/query.hpp"
#include "http/request_data.hpp"
#include "http/request_scope.hpp"

namespace gofr {

std::string_view Context::path_param(std::string_view name) const noexcept {
  for (const auto& p : scope_->params)
    if (p.name == name) return p.value;
  return {};
}

std::string Context::param(std::string_view key) const {
  std::string found;
  http::for_each_query_pair(request_.query(), [&](std::string_view name, std::string_view value) {
    if (name != key) return true;
    found.assign(value);
    return false;
  });
  return found;
}

std::vector<std::string> Context::params(std::string_view key) const {
  std::vector<std::string> values;
  http::for_each_query_pair(request_.query(), [&](std::string_view name, std::string_view value) {
    if (name == key) {
      while (true) {
        const auto comma = value.find(',');
        values.emplace_back(value.substr(0, comma));
        if (comma == std::string_view::npos) break;
        value.remove_prefix(comma + 1);
      }
    }
    return true;
  });
  return values;
}

std::string Context::host_name() const {
  auto proto = request_.header("X-Forwarded-Proto");
  if (proto.empty()) proto = request_.secure() ? "https" : "http";
  return std::string(proto) + "://" + std::string(request_.data().host);
}

http::Response& Context::response() noexcept { return scope_->response; }
std::string_view Context::trace_id() const noexcept { return {scope_->trace_id.data(), scope_->trace_id.size()}; }
std::string Context::span_id() const {
  if (scope_->active.empty()) return {scope_->span_id.data(), scope_->span_id.size()};
  return scope_->active.back().span_id_hex();
}

tracing::Span Context::trace(std::string_view name) const {
  auto& scope = *scope_;
  std::optional<tracing::SpanContext> parent =
      scope.active.empty() ? scope.span.context() : scope.active.back();
  auto span = scope.services.tracer.start(
      name, tracing::SpanKind::internal, parent,
      [](void* s) {
        auto& active = static_cast<detail::RequestScope*>(s)->active;
        if (!active.empty()) active.pop_back();
      },
      &scope);
  scope.active.push_back(span.context());
  return span;
}
std::optional<std::chrono::steady_clock::time_point> Context::deadline() const noexcept { return scope_->deadline; }
const Config& Context::config() const noexcept { return scope_->services.config; }
Logger& Context::logger() const noexcept { return scope_->services.logger; }
Metrics& Context::metrics() const noexcept { return scope_->services.metrics_api; }

void Context::log(Level level, std::string_view message) const {
  auto& logger = scope_->services.logger;
  if (!logger.enabled(level)) return;
  logger.log(level, message, trace_id(), span_id());
}

boost::asio::thread_pool::executor_type Context::blocking_executor() const {
  return scope_->services.blocking_pool.get().get_executor();
}

service::Client Context::service(std::string_view name) {
  if (const auto* services = scope_->services.http_services) {
    if (const auto it = services->find(std::string(name)); it != services->end()) return {*this, *it->second};
  }
  throw std::out_of_range("no HTTP service named \"" + std::string(name) + "\" was added (app.add_http_service)");
}

redis::Client Context::redis() {
  if (auto* datasource = scope_->services.redis) return {*this, *datasource};
  throw std::logic_error("ctx.redis(): no Redis is configured (set REDIS_HOST, see docs/redis.md)");
}

sql::DB Context::sql() {
  if (auto* datasource = scope_->services.sql) return {*this, *datasource};
  throw std::logic_error("ctx.sql(): no SQL database is configured (set DB_DIALECT, see docs/sql.md)");
}

}  // namespace gofr
