#include "http/request_log.hpp"

#include "logging/json_escape.hpp"
#include "logging/line_builder.hpp"
#include "logging/timestamp.hpp"

namespace gofr::detail {

void RequestLogRecord::fill_from(const http::detail::RequestHead& message) {
  method = message.method_string();
  uri = message.target();
  user_agent = message[http::detail::RequestHead::Known::user_agent];
  forwarded_for = message[http::detail::RequestHead::Known::forwarded_for];
}

namespace {

void append_string_field(logging::LineBuilder& out, std::string_view name, std::string_view value) {
  out << ",\"" << name << "\":\"";
  logging::append_json_escaped(out, value);
  out << '"';
}

}  // namespace

void write_record(std::string& out, const RequestLogRecord& r);

void log_request(Logger& logger, const RequestLogRecord& r, std::optional<Level> level) {
  logger.log_record(level.value_or(r.status >= 500 ? Level::error : Level::info),
                    [&](std::string& out) { write_record(out, r); });
}

void write_record(std::string& line, const RequestLogRecord& r) {
  logging::LineBuilder out(line);
  out << R"({"trace_id":")" << r.trace_id << R"(","span_id":")" << r.span_id << R"(","start_time":")";
  // GoFr's layout has -07:00, never Z.
  out.advance(logging::write_rfc3339(out.reserve(logging::rfc3339_max_size), r.start, logging::Utc::as_offset));
  out << R"(","response_time":)" << std::chrono::duration_cast<std::chrono::microseconds>(r.elapsed).count();
  append_string_field(out, "method", r.method);
  append_string_field(out, "user_agent", r.user_agent);
  // GoFr: the first X-Forwarded-For entry, else the peer's host:port.
  if (!r.forwarded_for.empty()) {
    auto first = r.forwarded_for.substr(0, r.forwarded_for.find(','));
    while (!first.empty() && first.back() == ' ') first.remove_suffix(1);
    while (!first.empty() && first.front() == ' ') first.remove_prefix(1);
    append_string_field(out, "ip", first);
  } else {
    append_string_field(out, "ip", r.remote);
  }
  append_string_field(out, "uri", r.uri);
  out << R"(,"response":)" << r.status << '}';
}

}  // namespace gofr::detail
