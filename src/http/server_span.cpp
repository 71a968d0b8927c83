#include "http/server_span.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/container/small_vector.hpp>

#include "http/request_data.hpp"
#include "tracing/hex.hpp"
#include "tracing/trace_context.hpp"

namespace gofr::detail {

namespace bhttp = boost::beast::http;

namespace {

using Values = boost::container::small_vector<std::string_view, 2>;

Values values_of(const http::detail::BeastRequest& msg, std::string_view name) {
  Values out;
  for (auto [it, end] = msg.equal_range(name); it != end; ++it) out.emplace_back(it->value().data(), it->value().size());
  return out;
}

// Semantic conventions: methods outside the well-known set are recorded as "_OTHER".
std::string_view method_attribute(std::string_view method) {
  for (std::string_view known : {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT"})
    if (method == known) return method;
  return "_OTHER";
}

}  // namespace

void start_server_span(Context& ctx, RequestScope& scope) {
  const auto& msg = *ctx.request().data().message;
  const auto parents = values_of(msg, tracing::traceparent_header);
  std::optional<tracing::SpanContext> parent;
  if (!parents.empty()) {
    const auto states = values_of(msg, tracing::tracestate_header);
    parent = tracing::extract(parents, states).parent;
  }
  scope.span = scope.services.tracer.start(method_attribute(ctx.method()), tracing::SpanKind::server, parent);
  if (const auto baggage = values_of(msg, "baggage"); !baggage.empty()) scope.baggage = tracing::Baggage::parse(baggage);
  const auto& context = scope.span.context();
  tracing::hex::encode(context.trace_id, scope.trace_id.data());
  tracing::hex::encode(context.span_id, scope.span_id.data());
}

void name_server_span(Context& ctx, RequestScope& scope) {
  // Kubernetes probes every few seconds per pod would bury real traces; their ids still reach the logs.
  if (scope.probe) scope.span.discard();
  if (!scope.span.recording() || scope.route_template.empty()) return;
  std::string name(method_attribute(ctx.method()));
  name.append(" ").append(scope.route_template);
  scope.span.set_name(name);
}

void describe_server_span(Context& ctx, RequestScope& scope) {
  auto& span = scope.span;
  if (!span.recording()) return;
  const auto& request = ctx.request();
  const auto& data = request.data();
  const int status = scope.response.status;
  span.append_attribute("http.request.method", std::string(method_attribute(request.method())));
  span.append_attribute("http.response.status_code", std::int64_t{status});
  if (!scope.route_template.empty()) span.append_attribute("http.route", std::string(scope.route_template));
  span.append_attribute("url.path", std::string(request.path()));
  if (!request.query().empty()) span.append_attribute("url.query", std::string(request.query()));
  span.append_attribute("url.scheme", std::string(request.secure() ? "https" : "http"));
  span.append_attribute("network.protocol.version", std::string(request.version() == 10 ? "1.0" : "1.1"));
  const std::string_view host = data.host;
  if (!host.empty()) {
    const auto colon = host.rfind(':');
    const bool has_port = colon != std::string_view::npos && host.find(']', colon) == std::string_view::npos;
    span.append_attribute("server.address", std::string(has_port ? host.substr(0, colon) : host));
    if (has_port) {
      std::int64_t port = 0;
      for (char c : host.substr(colon + 1)) port = port * 10 + (c - '0');
      span.append_attribute("server.port", port);
    }
  }
  const auto agent = request.header("User-Agent");
  if (!agent.empty()) span.append_attribute("user_agent.original", std::string(agent));
  span.append_attribute("client.address", std::string(http::detail::endpoint_address(data.remote_text)));
  span.append_attribute("network.peer.port", std::int64_t{data.remote.port()});
  // Server spans: 5xx is an error; 4xx is the client's (status stays unset).
  if (status >= 500) {
    span.append_attribute("error.type", std::to_string(status));
    span.set_status(tracing::StatusCode::error);
  }
}

}  // namespace gofr::detail
