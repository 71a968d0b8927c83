#pragma once
#include <exception>

#include "gofr/context.hpp"

namespace gofr::detail {

// Turns an exception escaping the handler chain into GoFr's error response and logs it at the error's level.
// A gofr::http::Error answers with its status and message; anything else is a 500 that reveals nothing.
void respond_exception(Context& ctx, std::exception_ptr error);

// {"error":{"message":…}} with `status`, for errors the framework raises itself (404, 405, 408, …).
void respond_error(Context& ctx, const http::Error& error);

}  // namespace gofr::detail
