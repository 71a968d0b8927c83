#pragma once
// One gRPC call on the server: the gofr::Context its handler sees, the server span, the handler run (inline or on a
// worker, behind the interceptors, with recovery), and at the end GoFr's log line and metrics.
//
// A gofr service's unary()/server_stream() makes the call and ends it when the call is done; for grpc++'s own
// services (health, reflection) the observing interceptor does, so they are logged and measured too.
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/cancellation_signal.hpp>

#include "gofr/grpc/service.hpp"
#include "grpc/completion.hpp"
#include "grpc/grpc_metrics.hpp"
#include "grpc/received_metadata.hpp"
#include "http/request_data.hpp"
#include "http/request_scope.hpp"

namespace grpc {
class ServerContextBase;
}

namespace gofr::grpc::detail {

struct Runtime;

struct MethodInfo {
  std::string name;                  // "/pkg.Service/Method"
  std::string json_name;             // name, JSON-escaped once for the log line
  StreamType type = StreamType::unary;
  GrpcMetrics::Method* metrics = nullptr;  // null when metrics are off
};

class Call : public std::enable_shared_from_this<Call>, private http::detail::HeaderSource {
 public:
  Call(Runtime& runtime, const MethodInfo& method);
  Call(const Call&) = delete;
  Call& operator=(const Call&) = delete;

  // The metadata has arrived: the context, the span (continuing the caller's trace) and the deadline. The
  // metadata is read in place for ctx.header() until the call ends.
  void begin(::grpc::ServerContextBase& server);
  void attach(Reactor& reactor) noexcept { reactor_ = &reactor; }
  // Runs the handler; the reactor finishes the call with its status.
  void start(Handler handler);
  // Runs a plain-function handler here and returns its status (the caller finishes the call).
  ::grpc::Status answer_now(const Handler& handler);
  void status_sent(const ::grpc::Status& status);
  // The reactor's OnCancel: the handler is cancelled too.
  void cancelled();
  void write_done(bool ok);
  Task<bool> write(const void* message);
  // The call is over: the span ends, the log line and the metrics are written.
  void end();

  Context& context() noexcept { return context_; }
  std::string_view trace_id() const noexcept { return {scope_.trace_id.data(), scope_.trace_id.size()}; }

 private:
  static Task<::grpc::Status> run_async(std::shared_ptr<Call> self);
  Task<::grpc::Status> run_chain(std::size_t index);
  ::grpc::Status run_sync(const Handler& handler);
  ::grpc::Status recover(std::exception_ptr error);
  ::grpc::StatusCode final_code() const;
  bool deadline_passed() const;

  // ctx.header() and friends over the metadata, without copying it: binary (-bin) values are not text and are
  // left out.
  std::string_view find(std::string_view name) const noexcept override;
  void find_all(std::string_view name, const std::function<void(std::string_view)>& visit) const override;
  void for_each(const std::function<void(std::string_view, std::string_view)>& visit) const override;
  std::string remote_address() const override;

  Runtime& runtime_;
  const MethodInfo& method_;  // the runtime's, which outlives every call
  const CallInfo info_;
  const bool probe_;  // grpc.health.v1: no span, and no log line with LOG_DISABLE_PROBES
  const std::chrono::system_clock::time_point started_at_ = std::chrono::system_clock::now();
  const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();

  ReceivedMetadata metadata_;
  ::grpc::ServerContextBase* server_ = nullptr;  // valid until the call ends
  std::string remote_text_;  // set when the span records it
  http::detail::RequestData data_;
  http::Request request_{data_};
  gofr::detail::RequestScope scope_;
  Context context_{request_, scope_};

  Reactor* reactor_ = nullptr;
  Handler handler_;
  boost::asio::any_io_executor executor_;  // the worker of a coroutine handler
  boost::asio::cancellation_signal cancel_;
  bool running_ = false;  // on executor_
  Completion<bool> pending_write_;  // the coroutine waiting in write()
  // Set and read on different gRPC threads, ordered by grpc++ through means TSan cannot see: atomics keep them
  // checkable.
  std::atomic<bool> cancelled_{false};
  std::atomic<int> sent_{-1};  // the code sent, -1 before
};

}  // namespace gofr::grpc::detail
