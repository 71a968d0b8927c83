#pragma once
// gRPC services, served on GRPC_PORT with the same request logs, metrics, tracing, health and deadlines as HTTP
// routes (docs/grpc.md).
//
// Generate the code of a .proto with gofr_grpc_generate() in CMake, implement its CallbackService through
// gofr::grpc::Service, and answer each method with unary() or server_stream():
//
//   class Greeter final : public gofr::grpc::Service<hello::Greeter> {
//     grpc::ServerUnaryReactor* SayHello(grpc::CallbackServerContext* call, const hello::HelloRequest* request,
//                                        hello::HelloReply* reply) override {
//       return unary(call, [request, reply](gofr::Context& ctx) {
//         reply->set_message("Hello " + request->name());
//         return grpc::Status::OK;
//       });
//     }
//   };
//   app.register_service(std::make_shared<Greeter>());
//
// The handler gets a gofr::Context like an HTTP handler's: ctx.header() reads the call's metadata, ctx.deadline()
// is the caller's grpc-timeout, the logger and spans carry the call's trace, and ctx.sql(), ctx.redis() and
// ctx.service() act on its behalf. Handler shapes:
//   grpc::Status(Context&)   void(Context&)      run on the gRPC thread that received the call: they must not block
//   Task<grpc::Status>(Context&)   Task<void>(Context&)   run on a worker thread, like HTTP handlers
// Server streams: Task<grpc::Status>(Context&, Writer<Response>&) or Task<void>(Context&, Writer<Response>&).
// void means OK. An exception becomes INTERNAL "Internal Server Error" (the message is logged, not sent), except
// gofr::http::Error, whose status maps to the matching code with its message (404 → NOT_FOUND …).
#include <functional>
#include <memory>
#include <source_location>
#include <string>
#include <type_traits>
#include <utility>

#include <grpcpp/support/server_callback.h>
#include <grpcpp/support/status.h>

#include "gofr/context.hpp"
#include "gofr/grpc/interceptor.hpp"
#include "gofr/task.hpp"

namespace grpc {
class CallbackServerContext;
class Service;
}  // namespace grpc

namespace gofr::grpc {

class ServiceBase;

namespace detail {

struct Runtime;
class Call;

// What a call's reactor does for the framework; implemented by the unary and the stream reactors.
class Reactor {
 public:
  virtual void finish(::grpc::Status status) = 0;
  virtual void start_write(const void* message) = 0;  // streams only

 protected:
  ~Reactor() = default;
};

struct Handler {
  std::function<::grpc::Status(Context&)> sync;        // runs where the call arrived
  std::function<Task<::grpc::Status>(Context&)> async;  // runs on a worker
};

// A method of a service: its full name and where its metrics go.
struct MethodInfo;

// The method whose override `function` (std::source_location's function_name() at the call to
// unary()/server_stream()) of `service` is: its full name ("/hello.Greeter/SayHello"), checked against the
// generated descriptors ("/<service>/unknown" when it is not one of the service's methods).
const MethodInfo& method_info(Runtime* runtime, const ServiceBase& service, const char* function, StreamType type);

// The call behind `server_call` to `method`, attached to `reactor`; the handler starts with start().
std::shared_ptr<Call> attach(Runtime* runtime, ::grpc::CallbackServerContext* server_call, const MethodInfo& method,
                             Reactor& reactor);
void start(const std::shared_ptr<Call>& call, Handler handler);
// The reactor's events, forwarded.
void on_finish(Call& call, const ::grpc::Status& status);
void on_write_done(Call& call, bool ok);
void on_cancel(Call& call);
void on_done(std::shared_ptr<Call>& call);
// Sends one message of a server stream; false once the call is over (cancelled, deadline passed, client gone).
Task<bool> write(Call& call, const void* message);

::grpc::ServerUnaryReactor* serve_unary(Runtime* runtime, ::grpc::CallbackServerContext* server_call,
                                        const MethodInfo& method, Handler handler);

template <class H>
Handler make_unary_handler(H handler) {
  using R = std::invoke_result_t<H&, Context&>;
  if constexpr (std::is_same_v<R, Task<void>>) {
    return {nullptr, [h = std::move(handler)](Context& ctx) -> Task<::grpc::Status> {
              co_await h(ctx);
              co_return ::grpc::Status::OK;
            }};
  } else if constexpr (std::is_same_v<R, Task<::grpc::Status>>) {
    return {nullptr, std::move(handler)};
  } else if constexpr (std::is_void_v<R>) {
    return {[h = std::move(handler)](Context& ctx) {
              h(ctx);
              return ::grpc::Status::OK;
            },
            nullptr};
  } else {
    static_assert(std::is_same_v<R, ::grpc::Status>,
                  "a gRPC handler returns grpc::Status, void, Task<grpc::Status> or Task<void>");
    return {std::move(handler), nullptr};
  }
}

}  // namespace detail

// The messages of a server stream, sent in order. write() waits until gRPC has taken the message (flow
// control), so a slow client slows the handler down instead of filling memory.
template <class Response>
class Writer {
 public:
  explicit Writer(detail::Call& call) noexcept : call_(&call) {}
  // False when the call is over and nothing more can be sent: stop and return.
  Task<bool> write(const Response& message) { return detail::write(*call_, &message); }

 private:
  detail::Call* call_;
};

namespace detail {

// The reactor of one call, over grpc++'s reactor type `GrpcReactor`: it forwards the events to the call it made.
// Every reaction only flips a flag, posts to a worker or frees memory, so grpc++ may run them inline on the thread
// that completes the call instead of scheduling them on its executor, a thread hop per call (grpc++'s own
// DefaultReactor does the same).
template <class GrpcReactor>
class CallReactor : public GrpcReactor, public Reactor {
 public:
  CallReactor(Runtime* runtime, ::grpc::CallbackServerContext* server_call, const MethodInfo& method)
      : call_(attach(runtime, server_call, method, *this)) {}

  void finish(::grpc::Status status) override {
    on_finish(*call_, status);
    this->Finish(std::move(status));
  }
  void OnCancel() override { on_cancel(*call_); }
  void OnDone() override {
    on_done(call_);
    delete this;
  }
  bool InternalInlineable() override { return true; }

 protected:
  std::shared_ptr<Call> call_;
};

template <class Response>
class WriteReactor final : public CallReactor<::grpc::ServerWriteReactor<Response>> {
 public:
  template <class H>
  WriteReactor(Runtime* runtime, ::grpc::CallbackServerContext* server_call, const MethodInfo& method, H handler)
      : CallReactor<::grpc::ServerWriteReactor<Response>>(runtime, server_call, method), writer_(*this->call_) {
    using R = std::invoke_result_t<H&, Context&, Writer<Response>&>;
    static_assert(std::is_same_v<R, Task<::grpc::Status>> || std::is_same_v<R, Task<void>>,
                  "a stream handler is a coroutine: Task<grpc::Status>(Context&, Writer<Response>&)");
    start(this->call_, {nullptr, [h = std::move(handler), w = &writer_](Context& ctx) -> Task<::grpc::Status> {
                          if constexpr (std::is_same_v<R, Task<void>>) {
                            co_await h(ctx, *w);
                            co_return ::grpc::Status::OK;
                          } else {
                            co_return co_await h(ctx, *w);
                          }
                        }});
  }
  void start_write(const void* message) override { this->StartWrite(static_cast<const Response*>(message)); }
  void OnWriteDone(bool ok) override { on_write_done(*this->call_, ok); }

 private:
  Writer<Response> writer_;
};

}  // namespace detail

// What App::register_service takes: a gofr::grpc::Service.
class ServiceBase {
 public:
  virtual ~ServiceBase() = default;
  virtual ::grpc::Service& grpc_service() noexcept = 0;
  // The proto's full service name ("hello.Greeter"), for health and logs.
  virtual const char* full_name() const noexcept = 0;

 protected:
  // Answers a unary method (see the top of this file for the handler shapes). Call it from the method's override:
  // the method's name, for logs, metrics and spans, is read from where it is called (grpc++ tells a callback
  // handler nothing about which method it serves).
  template <class H>
  ::grpc::ServerUnaryReactor* unary(::grpc::CallbackServerContext* call, H handler,
                                    std::source_location where = std::source_location::current()) {
    return detail::serve_unary(runtime_, call, detail::method_info(runtime_, *this, where.function_name(), StreamType::unary),
                               detail::make_unary_handler(std::move(handler)));
  }
  // Answers a server-streaming method: the handler writes the responses through its Writer.
  template <class Response, class H>
  ::grpc::ServerWriteReactor<Response>* server_stream(::grpc::CallbackServerContext* call, H handler,
                                                      std::source_location where = std::source_location::current()) {
    return new detail::WriteReactor<Response>(
        runtime_, call, detail::method_info(runtime_, *this, where.function_name(), StreamType::server_stream),
        std::move(handler));
  }

 private:
  friend struct detail::Runtime;
  detail::Runtime* runtime_ = nullptr;  // set by the app when the gRPC server starts
};

// Derive from this with the class protoc generated for a service (`hello::Greeter`) and override its methods.
template <class Generated>
class Service : public Generated::CallbackService, public ServiceBase {
 public:
  ::grpc::Service& grpc_service() noexcept override { return *this; }
  const char* full_name() const noexcept override { return Generated::service_full_name(); }
};

}  // namespace gofr::grpc
