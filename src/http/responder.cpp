#include "http/responder.hpp"

#include "gofr/handler.hpp"
#include "http/json_writer.hpp"
#include "http/request_scope.hpp"
#include "logging/json_escape.hpp"

namespace gofr::detail {

namespace {

constexpr std::string_view json_type = "application/json";

bool is_post(const Context& ctx) { return ctx.method() == "POST"; }
bool is_delete(const Context& ctx) { return ctx.method() == "DELETE"; }

// GoFr's success status: POST with data 201, POST without 202, DELETE 204, anything else 200.
int success_status(const Context& ctx, bool has_data) {
  if (is_delete(ctx)) return 204;
  if (is_post(ctx)) return has_data ? 201 : 202;
  return 200;
}

http::Response& begin_json(Context& ctx, int status) {
  auto& r = ctx.response();
  r.status = status;
  if (!r.has_header("Content-Type")) r.add_header("Content-Type", json_type);
  return r;
}

void set_json(Context& ctx, int status, std::string body) {
  begin_json(ctx, status).body = status == 204 ? std::string() : std::move(body);
}

void append_error_object(std::string& out, const http::Error& error) {
  out.append(R"({"message":")");
  logging::append_json_escaped(out, error.what());
  out.push_back('"');
  for (const auto& [key, value] : error.extra()) {
    if (key == "message") continue;
    out.push_back(',');
    out.push_back('"');
    logging::append_json_escaped(out, key);
    out.append("\":");
    http::append_json(out, value);
  }
  out.push_back('}');
}

void log_handler_error(Context& ctx, Level level, std::string_view message) {
  if (!ctx.logger().enabled(level)) return;
  std::string record = R"({"trace_id":")";
  record.append(ctx.trace_id()).append(R"(","error":")");
  logging::append_json_escaped(record, message);
  record.append("\"}");
  ctx.logger().log_json(level, record);
}

}  // namespace

void respond_json(Context& ctx, const boost::json::value& data) {
  if (data.is_null()) return respond(ctx, response::Empty{});
  std::string body = R"({"data":)";
  http::append_json(body, data);
  body.append("}\n");
  set_json(ctx, success_status(ctx, true), std::move(body));
}

// Written into the response's own body, whose buffer the worker reuses from request to request.
void respond_string(Context& ctx, std::string_view data) {
  auto& body = begin_json(ctx, success_status(ctx, true)).body;
  body.clear();
  if (ctx.response().status == 204) return;
  body.reserve(data.size() + 12);
  body.append(R"({"data":")");
  logging::append_json_escaped(body, data);
  body.append("\"}\n");
}

void respond(Context& ctx, response::Empty) { set_json(ctx, success_status(ctx, false), "{}\n"); }

void respond(Context& ctx, response::Response r) {
  for (auto& [name, value] : r.headers) ctx.response().set_header(name, value);
  const bool has_data = !r.data.is_null();
  std::string body = "{";
  if (!r.metadata.is_null()) {
    body.append(R"("metadata":)");
    http::append_json(body, r.metadata);
  }
  if (has_data) {
    if (body.size() > 1) body.push_back(',');
    body.append(R"("data":)");
    http::append_json(body, r.data);
  }
  body.append("}\n");
  set_json(ctx, success_status(ctx, has_data), std::move(body));
}

void respond(Context& ctx, response::Raw r) {
  set_json(ctx, success_status(ctx, !r.data.is_null()), http::to_json(r.data) + "\n");
}

void respond(Context& ctx, response::Bytes r) {
  auto& out = ctx.response();
  out.status = 200;
  out.set_header("Content-Type", r.content_type.empty() ? "application/octet-stream" : r.content_type);
  out.body = std::move(r.content);
}

void respond(Context& ctx, response::Redirect r) {
  auto& out = ctx.response();
  const auto m = ctx.method();
  out.status = (m == "POST" || m == "PUT" || m == "PATCH") ? 303 : 302;
  out.set_header("Location", r.url);
  out.body.clear();
}

void respond(Context& ctx, response::Partial r) {
  std::string body = R"({"error":)";
  append_error_object(body, *r.error);
  body.append(R"(,"data":)");
  http::append_json(body, r.data);
  body.append("}\n");
  log_handler_error(ctx, r.error->log_level(), r.error->what());
  set_json(ctx, 206, std::move(body));
}

void respond(Context& ctx, response::Stream r) {
  auto& out = ctx.response();
  out.status = 200;
  out.set_header("Content-Type", r.content_type.empty() ? "application/octet-stream" : r.content_type);
  out.body.clear();
  ctx.scope().stream = std::move(r.produce);
}

void respond_error(Context& ctx, const http::Error& error) {
  std::string body = R"({"error":)";
  append_error_object(body, error);
  body.append("}\n");
  auto& r = ctx.response();
  r.status = error.status();
  r.set_header("Content-Type", json_type);
  for (const auto& [name, value] : error.headers()) r.set_header(name, value);
  r.body = std::move(body);
}

void respond_exception(Context& ctx, std::exception_ptr error) {
  if (ctx.scope().timed_out) return respond_error(ctx, http::RequestTimeout{});  // logged by the dispatcher
  if (ctx.scope().client_gone) {  // the handler was cancelled because nobody waits for its answer
    const http::ClientClosedRequest closed;
    log_handler_error(ctx, closed.log_level(), closed.what());
    return respond_error(ctx, closed);
  }
  ctx.scope().stream = nullptr;  // an error replaces a stream the handler may have set up
  try {
    std::rethrow_exception(error);
  } catch (const http::Error& e) {
    log_handler_error(ctx, e.log_level(), e.what());
    respond_error(ctx, e);
  } catch (const std::exception& e) {
    // The message may carry internals (SQL, paths, addresses): log it, never send it.
    log_handler_error(ctx, Level::error, e.what());
    respond_error(ctx, http::PanicRecovery{});
  } catch (...) {
    log_handler_error(ctx, Level::error, "unknown exception");
    respond_error(ctx, http::PanicRecovery{});
  }
}

}  // namespace gofr::detail
