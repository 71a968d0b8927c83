#include "grpc/observer.hpp"

#include <grpcpp/server_context.h>

#include "grpc/call.hpp"
#include "grpc/health_service.hpp"
#include "grpc/method_descriptor.hpp"
#include "grpc/runtime.hpp"

namespace gofr::grpc::detail {

namespace {

using Hook = ::grpc::experimental::InterceptionHookPoints;

StreamType stream_type(::grpc::experimental::ServerRpcInfo::Type type) noexcept {
  using Type = ::grpc::experimental::ServerRpcInfo::Type;
  switch (type) {
    case Type::UNARY: return StreamType::unary;
    case Type::CLIENT_STREAMING: return StreamType::client_stream;
    case Type::SERVER_STREAMING: return StreamType::server_stream;
    case Type::BIDI_STREAMING: return StreamType::bidi_stream;
  }
  return StreamType::unary;
}

class Observer final : public ::grpc::experimental::Interceptor {
 public:
  Observer(Runtime& runtime, ::grpc::experimental::ServerRpcInfo* info)
      : server_(info->server_context()),
        call_(std::make_shared<Call>(runtime, runtime.method(info->method(), stream_type(info->type())))) {}

  // grpc++ destroys the interceptors with the call, after its last operation.
  ~Observer() override { call_->end(); }

  void Intercept(::grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(Hook::POST_RECV_INITIAL_METADATA)) {
      call_->begin(*server_);
    }
    if (methods->QueryInterceptionHookPoint(Hook::PRE_SEND_STATUS)) call_->status_sent(methods->GetSendStatus());
    methods->Proceed();
  }

 private:
  ::grpc::ServerContextBase* server_;
  std::shared_ptr<Call> call_;
};

// Whether `method` ("/pkg.Service/Method") is one that some service compiled into the process has. Calls to other
// names reach the health service's generic handler and get UNIMPLEMENTED; observing them would give every made-up
// name a row of metrics, so they are not (neither does GoFr: grpc-go answers them before any interceptor).
bool known_method(std::string_view method) { return find_method_descriptor(method) != nullptr; }

}  // namespace

::grpc::experimental::Interceptor* ObserverFactory::CreateServerInterceptor(
    ::grpc::experimental::ServerRpcInfo* info) {
  // The app's own services observe the unary and server-streaming calls they answer with unary() and
  // server_stream() themselves (gofr/grpc/service.hpp), and the health service its calls, at less cost. Their
  // client-streaming and bidi methods, written with grpc++'s reactors directly, are observed here.
  const std::string_view method = info->method();
  if (method.starts_with(health_method_prefix)) return nullptr;
  const auto type = info->type();
  using Type = ::grpc::experimental::ServerRpcInfo::Type;
  if ((type == Type::UNARY || type == Type::SERVER_STREAMING) && runtime_.serves(method)) return nullptr;
  if (!known_method(method)) return nullptr;
  return new Observer(runtime_, info);
}

}  // namespace gofr::grpc::detail
