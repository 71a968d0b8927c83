#include "grpc/server_span.hpp"

#include <boost/container/static_vector.hpp>

#include "grpc/status_codes.hpp"
#include "gofr/tracing/span_data.hpp"

namespace gofr::grpc::detail {

void end_server_span(tracing::Span& span, std::string_view method, ::grpc::StatusCode code,
                     const http::detail::RequestData& data) {
  if (!span.recording()) {
    span.end();
    return;
  }
  // "/package.Service/Method"
  const auto slash = method.rfind('/');
  const auto service = slash == std::string_view::npos || slash == 0 ? std::string_view() : method.substr(1, slash - 1);
  const auto name = slash == std::string_view::npos ? method : method.substr(slash + 1);
  boost::container::static_vector<tracing::AttributeRef, 8> attributes;
  const auto add = [&](std::string_view key, tracing::AttributeRefValue value) { attributes.push_back({key, value}); };
  add("rpc.system", std::string_view("grpc"));
  add("rpc.service", service);
  add("rpc.method", name);
  add("rpc.grpc.status_code", std::int64_t{static_cast<int>(code)});
  if (!data.host.empty()) add("server.address", data.host);
  if (!data.remote_text.empty()) {
    add("network.peer.address", http::detail::endpoint_address(data.remote_text));
    add("network.peer.port", std::int64_t{data.remote.port()});
  }
  if (server_fault(code)) span.set_status(tracing::StatusCode::error);
  span.end(attributes);
}

}  // namespace gofr::grpc::detail
