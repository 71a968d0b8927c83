#pragma once
// How a user's handler becomes the framework's uniform coroutine: whatever it returns is turned into the
// response by GoFr's rules (gofr/http/response.hpp). Accepted handler shapes, with R any JSON-serialisable type
// or a response type:
//   R(Context&)           Task<R>(Context&)          void(Context&)          Task<void>(Context&)
#include <functional>
#include <string_view>
#include <type_traits>
#include <utility>

#include <boost/json/value_from.hpp>

#include "gofr/context.hpp"
#include "gofr/http/response.hpp"
#include "gofr/task.hpp"

namespace gofr {

using Handler = std::function<Task<void>(Context&)>;
// Calls the rest of the chain (later middleware, then the handler).
using Next = std::function<Task<void>()>;
// Runs around the handler: code before `co_await next()` sees the request, code after it sees ctx.response().
// Not calling `next` short-circuits: fill ctx.response() or throw an http::Error.
using Middleware = std::function<Task<void>(Context&, Next)>;

namespace detail {

// Writes GoFr's envelope and status for each kind of result into ctx.response().
void respond_json(Context& ctx, const boost::json::value& data);
void respond_string(Context& ctx, std::string_view data);
void respond(Context& ctx, response::Empty);
void respond(Context& ctx, response::Response r);
void respond(Context& ctx, response::Raw r);
void respond(Context& ctx, response::Bytes r);
void respond(Context& ctx, response::Redirect r);
void respond(Context& ctx, response::Partial r);
void respond(Context& ctx, response::Stream r);

template <class T>
void respond(Context& ctx, T&& value) {
  using V = std::remove_cvref_t<T>;
  if constexpr (std::is_convertible_v<T, std::string_view>) {
    respond_string(ctx, std::string_view(value));
  } else if constexpr (std::is_same_v<V, boost::json::value>) {
    respond_json(ctx, value);
  } else {
    respond_json(ctx, boost::json::value_from(std::forward<T>(value)));
  }
}

template <class T>
struct is_task : std::false_type {};
template <class T>
struct is_task<Task<T>> : std::true_type {
  using value_type = T;
};

// A route's handler. Plain functions stay plain (`sync`): calling them needs no coroutine frame, which is most
// of the per-request cost of a trivial handler. Coroutine handlers are `async`.
struct RouteHandler {
  std::function<void(Context&)> sync;
  Handler async;
};

template <class H>
RouteHandler make_handler(H handler) {
  using R = std::invoke_result_t<H&, Context&>;
  if constexpr (is_task<R>::value) {
    using T = typename is_task<R>::value_type;
    return {nullptr, [h = std::move(handler)](Context& ctx) -> Task<void> {
              if constexpr (std::is_void_v<T>) {
                co_await h(ctx);
                respond(ctx, response::Empty{});
              } else {
                respond(ctx, co_await h(ctx));
              }
            }};
  } else {
    return {[h = std::move(handler)](Context& ctx) {
              if constexpr (std::is_void_v<R>) {
                h(ctx);
                respond(ctx, response::Empty{});
              } else {
                respond(ctx, h(ctx));
              }
            },
            nullptr};
  }
}

}  // namespace detail

// The registration methods shared by App and route groups.
template <class Derived>
class Routes {
 public:
  template <class H>
  Derived& get(std::string_view pattern, H&& h) {
    return add("GET", pattern, std::forward<H>(h));
  }
  template <class H>
  Derived& post(std::string_view pattern, H&& h) {
    return add("POST", pattern, std::forward<H>(h));
  }
  template <class H>
  Derived& put(std::string_view pattern, H&& h) {
    return add("PUT", pattern, std::forward<H>(h));
  }
  template <class H>
  Derived& patch(std::string_view pattern, H&& h) {
    return add("PATCH", pattern, std::forward<H>(h));
  }
  template <class H>
  Derived& del(std::string_view pattern, H&& h) {
    return add("DELETE", pattern, std::forward<H>(h));
  }
  // GET routes answer HEAD on their own; register HEAD only to answer it differently.
  template <class H>
  Derived& head(std::string_view pattern, H&& h) {
    return add("HEAD", pattern, std::forward<H>(h));
  }
  template <class H>
  Derived& options(std::string_view pattern, H&& h) {
    return add("OPTIONS", pattern, std::forward<H>(h));
  }

  template <class H>
  Derived& add(std::string_view method, std::string_view pattern, H&& h) {
    auto& self = static_cast<Derived&>(*this);
    self.add_route(method, pattern, detail::make_handler(std::forward<H>(h)));
    return self;
  }
};

}  // namespace gofr
