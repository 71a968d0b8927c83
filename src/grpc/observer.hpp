#pragma once
// The grpc++ server interceptor for the calls that the app's own services do not observe themselves (grpc.health.v1,
// reflection, and client-streaming and bidi methods written with grpc++'s reactors): it creates the call when the metadata
// arrives (span, deadline), notes the status sent, and ends the call (span, log line, metrics) when grpc++ destroys
// it.
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
