// The glue between grpc++'s callback reactors and the framework's calls (gofr/grpc/service.hpp).
#include <google/protobuf/descriptor.h>
#include <grpcpp/server_context.h>

#include "grpc/call.hpp"
#include "grpc/runtime.hpp"

namespace gofr::grpc::detail {

namespace {

class UnaryReactor final : public CallReactor<::grpc::ServerUnaryReactor> {
 public:
  using CallReactor::CallReactor;
  void run(Handler handler) { start(call_, std::move(handler)); }
  void start_write(const void*) override {}  // a unary call has no stream to write to
};

// "virtual grpc::ServerUnaryReactor* Greeter::SayHello(grpc::CallbackServerContext*, …)" → "SayHello" (also from
// inside a lambda in the method, "…Greeter::SayHello(…)::<lambda(…)>").
std::string_view unqualified_function(std::string_view signature) {
  signature = signature.substr(0, signature.find('('));
  if (const auto colons = signature.rfind("::"); colons != std::string_view::npos) signature.remove_prefix(colons + 2);
  if (const auto space = signature.rfind(' '); space != std::string_view::npos) signature.remove_prefix(space + 1);
  return signature;
}

std::string resolve_method(const ServiceBase& service, const char* function) {
  const std::string_view name = unqualified_function(function);
  const auto* descriptor = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(service.full_name());
  const bool known = descriptor && descriptor->FindMethodByName(std::string(name));
  std::string method = "/";
  method.append(service.full_name()).append("/").append(known ? name : std::string_view("unknown"));
  return method;
}

}  // namespace

const MethodInfo& method_info(Runtime* runtime, const ServiceBase& service, const char* function, StreamType type) {
  // function_name() is a string literal per call site, so its address identifies the method; each thread keeps
  // its own few entries, found without a lock.
  struct Entry {
    const char* function;
    const Runtime* runtime;
    const MethodInfo* method;
  };
  thread_local std::vector<Entry> cache;
  for (const auto& entry : cache)
    if (entry.function == function && entry.runtime == runtime) return *entry.method;
  const auto& method = runtime->method(resolve_method(service, function), type);
  cache.push_back({function, runtime, &method});
  return method;
}

namespace {

// No x-correlation-id goes back, unlike HTTP's X-Correlation-ID (GoFr sends none over gRPC either): a fresh
// 32-character value per response defeats HPACK's table and cost a sixth of the framework's whole per-call work.
// A caller that wants the trace id sends a traceparent, and then knows it.
void open(Call& call, ::grpc::CallbackServerContext& server_call) { call.begin(server_call); }

}  // namespace

std::shared_ptr<Call> attach(Runtime* runtime, ::grpc::CallbackServerContext* server_call, const MethodInfo& method,
                             Reactor& reactor) {
  auto call = std::make_shared<Call>(*runtime, method);
  open(*call, *server_call);
  call->attach(reactor);
  return call;
}

void start(const std::shared_ptr<Call>& call, Handler handler) { call->start(std::move(handler)); }
void on_finish(Call& call, const ::grpc::Status& status) { call.status_sent(status); }
void on_write_done(Call& call, bool ok) { call.write_done(ok); }
void on_cancel(Call& call) { call.cancelled(); }
void on_done(std::shared_ptr<Call>& call) {
  call->end();
  call.reset();
}
Task<bool> write(Call& call, const void* message) { return call.write(message); }

::grpc::ServerUnaryReactor* serve_unary(Runtime* runtime, ::grpc::CallbackServerContext* server_call,
                                        const MethodInfo& method, Handler handler) {
  if (handler.sync && runtime->interceptors.empty()) {
    // A plain function answers here and now: the call is observed around it and finished with grpc++'s own
    // DefaultReactor, which needs no allocation, lock or thread hop.
    Call call(*runtime, method);
    open(call, *server_call);
    auto status = call.answer_now(handler);
    call.status_sent(status);
    call.end();
    auto* reactor = server_call->DefaultReactor();
    reactor->Finish(std::move(status));
    return reactor;
  }
  auto* reactor = new UnaryReactor(runtime, server_call, method);
  reactor->run(std::move(handler));
  return reactor;
}

}  // namespace gofr::grpc::detail
