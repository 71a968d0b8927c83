#include "grpc/call_log.hpp"

#include "grpc/status_codes.hpp"
#include "logging/line_builder.hpp"
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

void write_call_line(std::string& line, const CallLogRecord& r) {
  logging::LineBuilder out(line);
  out << R"({"id":")" << r.trace_id << R"(","span_id":")" << r.span_id << R"(","startTime":")";
  out.advance(logging::write_rfc3339(out.reserve(logging::rfc3339_max_size), r.start, logging::Utc::as_offset));
  out << R"(","responseTime":)" << std::chrono::duration_cast<std::chrono::microseconds>(r.elapsed).count()
      << R"(,"method":")" << r.method_json << R"(","statusCode":)" << static_cast<int>(r.code);
  if (r.type != StreamType::unary) out << R"(,"streamType":")" << stream_type_name(r.type) << '"';
  out << '}';
}

// A CallLogRecord copied whole, for the logger to format on its own thread (Logger::log_deferred).
struct DeferredCallLine {
  std::chrono::system_clock::time_point start;
  std::chrono::steady_clock::duration elapsed;
  ::grpc::StatusCode code;
  StreamType type;
  std::uint8_t trace_size, span_size, method_size;
  char trace_id[32], span_id[16];
  char method_json[100];

  static bool fits(const CallLogRecord& r) noexcept {
    return r.trace_id.size() <= sizeof trace_id && r.span_id.size() <= sizeof span_id &&
           r.method_json.size() <= sizeof method_json;
  }
  explicit DeferredCallLine(const CallLogRecord& r) noexcept
      : start(r.start),
        elapsed(r.elapsed),
        code(r.code),
        type(r.type),
        trace_size(static_cast<std::uint8_t>(r.trace_id.size())),
        span_size(static_cast<std::uint8_t>(r.span_id.size())),
        method_size(static_cast<std::uint8_t>(r.method_json.size())) {
    r.trace_id.copy(trace_id, trace_size);
    r.span_id.copy(span_id, span_size);
    r.method_json.copy(method_json, method_size);
  }
  void write(std::string& out) const {
    write_call_line(out, {start, elapsed, {method_json, method_size}, {trace_id, trace_size}, {span_id, span_size},
                          code, type});
  }
};

}  // namespace

void log_call(Logger& logger, const CallLogRecord& r) {
  const auto level = server_fault(r.code) ? Level::error : Level::info;
  if (!logger.enabled(level)) return;
  // Formatted on the logger's thread: one line per call, off the call's path.
  if (DeferredCallLine::fits(r)) return logger.log_deferred(level, DeferredCallLine(r), r.trace_id);
  logger.log_record(level, [&](std::string& line) { write_call_line(line, r); }, r.trace_id);
}

}  // namespace gofr::grpc::detail
