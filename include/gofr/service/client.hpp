#pragma once
// Calling another service by name. Register it once, with any options (service/options.hpp), in any order:
//
//   app.add_http_service("orders", "http://orders:8000", gofr::service::Retry{}, gofr::service::CircuitBreaker{});
//
// then call it from a handler, on behalf of the request (its trace, deadline and baggage go along):
//
//   auto r = co_await ctx.service("orders").get("items/7");
//   auto created = co_await ctx.service("orders").post("items", {}, R"({"name":"x"})");
//
// Paths are relative to the base URL, with or without a leading '/'. Any status is an answer, returned as it is
// (as in GoFr); a call with no answer throws one of the errors of service/errors.hpp. See docs/service-client.md.
//
// Threading: use a Client from the handler that got it; the call runs on the handler's worker thread.
#include <string>
#include <string_view>

#include "gofr/service/types.hpp"
#include "gofr/task.hpp"

namespace gofr {
class Context;
}

namespace gofr::service {

class HttpService;  // a registered service's pipeline, owned by the app

struct Response {
  int status = 0;
  Headers headers;
  std::string body;
  int attempts = 0;                // attempts the call made: 1 unless it was retried
  bool retries_exhausted = false;  // a failure after the client retried (or could not): not worth retrying upstream

  // The first value of a header (case-insensitive), or "".
  std::string_view header(std::string_view name) const noexcept;
  bool ok() const noexcept { return status >= 200 && status < 300; }
};

// One call, for Client::send. Not an aggregate, so it can be built inside a co_await expression (ADR 0006).
struct Request {
  Request(std::string method_, std::string path_, Query query_ = {}, std::string body_ = {}, Headers headers_ = {})
      : method(std::move(method_)), path(std::move(path_)), query(std::move(query_)), body(std::move(body_)),
        headers(std::move(headers_)) {}

  std::string method;
  std::string path;
  Query query;
  std::string body;  // sent with Content-Type: application/json unless the headers say otherwise
  Headers headers;   // win over the service's DefaultHeaders
};

// GoFr's service.HTTP methods, bound to the request being served.
class Client {
 public:
  Client(Context& ctx, HttpService& service) noexcept : ctx_(&ctx), service_(&service) {}

  Task<Response> get(std::string path, Query query = {}) { return send({"GET", std::move(path), std::move(query)}); }
  Task<Response> get_with_headers(std::string path, Query query, Headers headers) {
    return send({"GET", std::move(path), std::move(query), {}, std::move(headers)});
  }
  Task<Response> post(std::string path, Query query, std::string body) {
    return send({"POST", std::move(path), std::move(query), std::move(body)});
  }
  Task<Response> post_with_headers(std::string path, Query query, std::string body, Headers headers) {
    return send({"POST", std::move(path), std::move(query), std::move(body), std::move(headers)});
  }
  Task<Response> put(std::string path, Query query, std::string body) {
    return send({"PUT", std::move(path), std::move(query), std::move(body)});
  }
  Task<Response> put_with_headers(std::string path, Query query, std::string body, Headers headers) {
    return send({"PUT", std::move(path), std::move(query), std::move(body), std::move(headers)});
  }
  Task<Response> patch(std::string path, Query query, std::string body) {
    return send({"PATCH", std::move(path), std::move(query), std::move(body)});
  }
  Task<Response> patch_with_headers(std::string path, Query query, std::string body, Headers headers) {
    return send({"PATCH", std::move(path), std::move(query), std::move(body), std::move(headers)});
  }
  Task<Response> del(std::string path, std::string body = {}) { return send({"DELETE", std::move(path), {}, std::move(body)}); }
  Task<Response> del_with_headers(std::string path, std::string body, Headers headers) {
    return send({"DELETE", std::move(path), {}, std::move(body), std::move(headers)});
  }

  Task<Response> send(Request request);

 private:
  Context* ctx_;
  HttpService* service_;
};

}  // namespace gofr::service
