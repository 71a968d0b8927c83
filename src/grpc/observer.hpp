#pragma once
// The grpc++ server interceptor for the calls that nothing else observes (reflection, client-streaming and bidi
// methods written with grpc++'s reactors, services registered straight with the ServerBuilder): it creates the call
// when the metadata arrives (span, deadline), notes the status sent, and ends the call (span, log line, metrics)
// when grpc++ destroys it.
//
// Installed only when there are such calls: once a factory is installed, grpc++ sets up interceptor state for
// every call, the app's own included, even where the factory declines.
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
