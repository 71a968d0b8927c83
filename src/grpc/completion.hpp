#pragma once
// A coroutine's completion handler that a gRPC callback completes later, from another thread: type-erased once,
// moved around as one pointer. (Not asio::any_completion_handler: Boost 1.81's recurses without end when one is
// moved into another.)
#include <memory>
#include <utility>

namespace gofr::grpc::detail {

template <class Result>
class Completion {
 public:
  Completion() = default;
  template <class Handler>
  explicit Completion(Handler handler) : handler_(std::make_unique<Of<Handler>>(std::move(handler))) {}

  explicit operator bool() const noexcept { return handler_ != nullptr; }
  // Calls the handler once; the Completion is empty afterwards.
  void operator()(Result result) {
    auto handler = std::move(handler_);
    handler->complete(std::move(result));
  }

 private:
  struct Base {
    virtual ~Base() = default;
    virtual void complete(Result result) = 0;
  };
  template <class Handler>
  struct Of final : Base {
    explicit Of(Handler h) : handler(std::move(h)) {}
    void complete(Result result) override { std::move(handler)(std::move(result)); }
    Handler handler;
  };
  std::unique_ptr<Base> handler_;
};

}  // namespace gofr::grpc::detail
