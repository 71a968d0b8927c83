#pragma once
// The coroutine type of gofr-cpp handlers and hooks.
#include <boost/asio/awaitable.hpp>

namespace gofr {

// A coroutine that runs on the worker thread that serves the request. `co_await` anything Asio can await:
// timers, sockets, `ctx.offload(fn)`, other `Task`s. A Task never migrates to another thread on its own.
template <class T = void>
using Task = boost::asio::awaitable<T>;

}  // namespace gofr
