#pragma once
// The grpc++ server interceptor behind every call: it creates the gofr call when the metadata arrives (context,
// span, deadline), adds X-Correlation-ID to the response metadata, notes the status sent, and ends the call (span,
// log line, metrics) when grpc++ destroys it. It sees grpc++'s own services too, so health and reflection calls are
// logged and measured like the app's.
#include <grpcpp/support/server_interceptor.h>

namespace gofr::grpc::detail {

struct Runtime;

class ObserverFactory final : public ::grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit ObserverFactory(Runtime& runtime) noexcept : runtime_(runtime) {}
  ::grpc::experimental::Interceptor* CreateServerInterceptor(::grpc::experimental::ServerRpcInfo* info) override;

 private:
  Runtime& runtime_;
};

}  // namespace gofr::grpc::detail
