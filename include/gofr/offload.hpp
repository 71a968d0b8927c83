#pragma once
// Runs blocking work on a thread pool and resumes the awaiting coroutine on its own executor with the result.
// `ctx.offload(fn)` is this on the app's blocking pool; datasources whose drivers block (SQLite) use it too.
//
// Written as a plain asynchronous operation rather than a coroutine, so that it adds no coroutine parameter copies
// of its own. Callers on GCC 12 still name their lambda before the co_await: GCC 12 destroys a lambda with
// non-trivial captures twice when it is created inside a co_await expression (GCC PR 100611, ADR 0006).
#include <exception>
#include <type_traits>
#include <utility>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace gofr {

namespace detail {
// The completion signature for a result of type R (a void(…, void) cannot even be named).
template <class R>
struct offload_signature {
  using type = void(std::exception_ptr, R);
};
template <>
struct offload_signature<void> {
  using type = void(std::exception_ptr);
};
}  // namespace detail

// `co_await offload(pool_executor, fn)`: fn() runs on the pool; exceptions it throws are rethrown in the caller.
// The result type must be void or default-constructible.
template <class Executor, class F>
auto offload(Executor pool, F fn) {
  using R = std::invoke_result_t<F&>;
  static_assert(std::is_void_v<R> || std::is_default_constructible_v<R>,
                "offload: return a default-constructible type (wrap it in std::optional)");
  using Signature = typename detail::offload_signature<R>::type;
  return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>, Signature>(
      [pool](auto handler, F work) {
        auto home = boost::asio::prefer(boost::asio::get_associated_executor(handler),
                                        boost::asio::execution::outstanding_work.tracked);
        boost::asio::post(pool, [handler = std::move(handler), work = std::move(work), home]() mutable {
          // The work (and whatever it captured) is destroyed here, before the caller resumes: a capture that
          // gives something back when destroyed (a pooled connection) must not race with the caller.
          std::exception_ptr error;
          if constexpr (std::is_void_v<R>) {
            try {
              F job = std::move(work);
              job();
            } catch (...) {
              error = std::current_exception();
            }
            boost::asio::dispatch(home, [handler = std::move(handler), error]() mutable { std::move(handler)(error); });
          } else {
            R result{};
            try {
              F job = std::move(work);
              result = job();
            } catch (...) {
              error = std::current_exception();
            }
            boost::asio::dispatch(home, [handler = std::move(handler), error, result = std::move(result)]() mutable {
              std::move(handler)(error, std::move(result));
            });
          }
        });
      },
      boost::asio::use_awaitable, std::move(fn));
}

}  // namespace gofr
