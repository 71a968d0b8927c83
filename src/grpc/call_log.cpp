#include "grpc/call_log.hpp"

#include <charconv>

#include "grpc/status_codes.hpp"
#include "logging/json_escape.hpp"
#include "logging/timestamp.hpp"

namespace gofr::grpc::detail {

std::string_view stream_type_name(StreamType type) noexcept {
  switch (type) {
    case StreamType::unary: return "unary";
    case StreamType::client_stream: return "client-stream";
    case StreamType::server_stream: return "server-stream";
    case StreamType::bidi_stream: return "bidi-stream";
  }
  return "unary";
}

namespace {

void append_integer(std::string& out, long long value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out.append(digits, end);
}

}  // namespace

void log_call(Logger& logger, const CallLogRecord& r) {
  const auto level = server_fault(r.code) ? Level::error : Level::info;
  if (!logger.enabled(level)) return;
  // Appended piece by piece (no format string to parse): this runs once per call.
  logger.log_record(
      level,
      [&](std::string& out) {
        out.append(R"({"id":")").append(r.trace_id).append(R"(","span_id":")").append(r.span_id);
        out.append(R"(","startTime":")");
        logging::append_rfc3339(out, r.start, logging::Utc::as_offset);
        out.append(R"(","responseTime":)");
        append_integer(out, std::chrono::duration_cast<std::chrono::microseconds>(r.elapsed).count());
        out.append(R"(,"method":")");
        logging::append_json_escaped(out, r.method);
        out.append(R"(","statusCode":)");
        append_integer(out, static_cast<int>(r.code));
        if (r.type != StreamType::unary) out.append(R"(,"streamType":")").append(stream_type_name(r.type)).append("\"");
        out.push_back('}');
      },
      r.trace_id);
}

}  // namespace gofr::grpc::detail
