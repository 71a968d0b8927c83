// The glue between grpc++'s callback reactors and the framework's calls (gofr/grpc/service.hpp).
#include <grpcpp/server_context.h>

#include "grpc/call.hpp"
#include "grpc/runtime.hpp"

namespace gofr::grpc::detail {

namespace {

class UnaryReactor final : public ::grpc::ServerUnaryReactor, public Reactor {
 public:
  UnaryReactor(Runtime* runtime, ::grpc::CallbackServerContext* server_call)
      : call_(attach(runtime, server_call, *this)) {}
  void run(Handler handler) { start(call_, std::move(handler)); }

  void finish(::grpc::Status status) override { Finish(std::move(status)); }
  void start_write(const void*) override {}  // a unary call has no stream to write to
  void OnCancel() override { on_cancel(*call_); }
  void OnDone() override {
    on_done(call_);
    delete this;
  }

 private:
  std::shared_ptr<Call> call_;
};

}  // namespace

std::shared_ptr<Call> attach(Runtime* runtime, ::grpc::CallbackServerContext* server_call, Reactor& reactor) {
  auto call = runtime->calls.find(server_call);
  if (!call) {
    // The observer makes every call; without it (a server built by other means) the call still gets a context.
    call = std::make_shared<Call>(*runtime, "/unknown/unknown", StreamType::unary);
    call->begin(server_call->client_metadata(), *server_call);
  }
  call->attach(reactor);
  return call;
}

void start(const std::shared_ptr<Call>& call, Handler handler) { call->start(std::move(handler)); }
void on_write_done(Call& call, bool ok) { call.write_done(ok); }
void on_cancel(Call& call) { call.cancelled(); }
void on_done(std::shared_ptr<Call>& call) { call.reset(); }
Task<bool> write(Call& call, const void* message) { return call.write(message); }

::grpc::ServerUnaryReactor* serve_unary(Runtime* runtime, ::grpc::CallbackServerContext* server_call,
                                        Handler handler) {
  auto* reactor = new UnaryReactor(runtime, server_call);
  reactor->run(std::move(handler));
  return reactor;
}

}  // namespace gofr::grpc::detail
