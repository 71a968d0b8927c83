#pragma once
// Errors a handler throws to choose the response status, as GoFr's error types do (gofr-behaviour §4.3).
// The body is {"error":{"message":<what()>, …extra()}}; the error is logged at `log_level()` with the trace id.
// Anything thrown that is not a gofr::http::Error becomes a logged 500 whose body reveals nothing of it.
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "gofr/logging.hpp"

namespace gofr::http {

class Error : public std::runtime_error {
 public:
  Error(int status, std::string message, Level log_level = Level::error)
      : std::runtime_error(std::move(message)), status_(status), log_level_(log_level) {}

  int status() const noexcept { return status_; }
  Level log_level() const noexcept { return log_level_; }
  // Extra members merged into the "error" object (GoFr's `Response() map[string]any`); "message" is ignored.
  virtual boost::json::object extra() const { return {}; }
  // Response headers that go with the error, e.g. Retry-After.
  virtual std::vector<std::pair<std::string, std::string>> headers() const { return {}; }

 private:
  int status_;
  Level log_level_;
};

struct EntityNotFound : Error {
  EntityNotFound(const std::string& name, const std::string& value)
      : Error(404, "No entity found with " + name + ": " + value, Level::info) {}
};
struct EntityAlreadyExists : Error {
  EntityAlreadyExists() : Error(409, "entity already exists", Level::warn) {}
};
struct InvalidParam : Error {
  explicit InvalidParam(const std::vector<std::string>& params)
      : Error(400, describe("invalid", params), Level::info) {}
  static std::string describe(std::string_view what, const std::vector<std::string>& params);
};
struct MissingParam : Error {
  explicit MissingParam(const std::vector<std::string>& params)
      : Error(400, InvalidParam::describe("missing", params), Level::info) {}
};
struct InvalidRoute : Error {
  InvalidRoute() : Error(404, "route not registered", Level::info) {}
};
struct RequestTimeout : Error {
  RequestTimeout() : Error(408, "request timed out", Level::info) {}
};
struct ClientClosedRequest : Error {
  ClientClosedRequest() : Error(499, "client closed request", Level::debug) {}
};
struct ServiceUnavailable : Error {
  ServiceUnavailable(const std::string& dependency, const std::string& message)
      : Error(503,
              message.empty() ? std::string("Service Unavailable")
                              : "Service unavailable due to error: " + message + " from dependency " + dependency,
              Level::error) {}
};
struct PanicRecovery : Error {
  PanicRecovery() : Error(500, "Internal Server Error", Level::error) {}
};
struct TooManyRequests : Error {
  TooManyRequests() : Error(429, "rate limit exceeded", Level::warn) {}
};
// gofr-cpp additions for bad requests the framework itself detects.
struct BadRequest : Error {
  explicit BadRequest(std::string message) : Error(400, std::move(message), Level::info) {}
};
struct UnsupportedMediaType : Error {
  explicit UnsupportedMediaType(std::string message) : Error(415, std::move(message), Level::info) {}
};

}  // namespace gofr::http
