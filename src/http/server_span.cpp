#include "http/server_span.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/container/small_vector.hpp>
#include <boost/container/static_vector.hpp>

#include <charconv>

#include "http/request_data.hpp"
#include "tracing/hex.hpp"
#include "tracing/trace_context.hpp"

namespace gofr::detail {


namespace {

using Values = boost::container::small_vector<std::string_view, 2>;

// The W3C propagation headers, each in the order received (several tracestate or baggage lines combine in order).
struct Propagation {
  Values traceparent, tracestate, baggage;
};

// One pass over the fields rather than three scans: the names' lengths rule out nearly every other field before any
// comparison.
Propagation propagation_headers(const http::detail::RequestHead& msg) {
  Propagation out;
  for (std::size_t i = 0; i < msg.size(); ++i) {
    const auto [id, name, value] = msg[i];
    const auto is = [&](std::string_view wanted) {
      return name.size() == wanted.size() && boost::beast::iequals(name, wanted);
    };
    if (is(tracing::traceparent_header)) {
      out.traceparent.push_back(value);
    } else if (is(tracing::tracestate_header)) {
      out.tracestate.push_back(value);
    } else if (is("baggage")) {
      out.baggage.push_back(value);
    }
  }
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
  const auto headers = propagation_headers(*ctx.request().data().message);
  std::optional<tracing::SpanContext> parent;
  if (!headers.traceparent.empty()) parent = tracing::extract(headers.traceparent, headers.tracestate).parent;
  scope.span = scope.services.tracer.start(method_attribute(ctx.method()), tracing::SpanKind::server, parent);
  if (!headers.baggage.empty()) scope.baggage = tracing::Baggage::parse(headers.baggage);
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

void end_server_span(Context& ctx, RequestScope& scope) {
  auto& span = scope.span;
  if (!span.recording()) {
    span.end();
    return;
  }
  const auto& request = ctx.request();
  const auto& data = request.data();
  const int status = scope.response.status;
  // Every value below lives until end() returns, so the attributes are read in place: no copies per request.
  boost::container::static_vector<tracing::AttributeRef, 16> attributes;
  const auto add = [&](std::string_view key, tracing::AttributeRefValue value) { attributes.push_back({key, value}); };
  add("http.request.method", method_attribute(request.method()));
  add("http.response.status_code", std::int64_t{status});
  if (!scope.route_template.empty()) add("http.route", std::string_view(scope.route_template));
  add("url.path", request.path());
  if (!request.query().empty()) add("url.query", request.query());
  add("url.scheme", std::string_view(request.secure() ? "https" : "http"));
  add("network.protocol.version", std::string_view(request.version() == 10 ? "1.0" : "1.1"));
  const std::string_view host = data.host;
  if (!host.empty()) {
    const auto colon = host.rfind(':');
    const bool has_port = colon != std::string_view::npos && host.find(']', colon) == std::string_view::npos;
    add("server.address", has_port ? host.substr(0, colon) : host);
    if (has_port) {
      std::int64_t port = 0;
      for (char c : host.substr(colon + 1)) port = port * 10 + (c - '0');
      add("server.port", port);
    }
  }
  const auto agent = (*data.message)[http::detail::RequestHead::Known::user_agent];
  if (!agent.empty()) add("user_agent.original", agent);
  add("client.address", http::detail::endpoint_address(data.remote_text));
  add("network.peer.port", std::int64_t{data.remote.port()});
  // Server spans: 5xx is an error; 4xx is the client's (status stays unset).
  char status_text[4];
  if (status >= 500) {
    const auto end = std::to_chars(status_text, status_text + sizeof status_text, status).ptr;
    add("error.type", std::string_view(status_text, static_cast<std::size_t>(end - status_text)));
    span.set_status(tracing::StatusCode::error);
  }
  span.end(attributes);
}

}  // namespace gofr::detail
