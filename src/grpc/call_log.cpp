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

void log_call(Logger& logger, const CallLogRecord& r) {
  const auto level = server_fault(r.code) ? Level::error : Level::info;
  if (!logger.enabled(level)) return;
  logger.log_record(
      level,
      [&](std::string& line) {
        logging::LineBuilder out(line);
        out << R"({"id":")" << r.trace_id << R"(","span_id":")" << r.span_id << R"(","startTime":")";
        out.advance(logging::write_rfc3339(out.reserve(logging::rfc3339_max_size), r.start, logging::Utc::as_offset));
        out << R"(","responseTime":)" << std::chrono::duration_cast<std::chrono::microseconds>(r.elapsed).count()
            << R"(,"method":")" << r.method_json << R"(","statusCode":)" << static_cast<int>(r.code);
        if (r.type != StreamType::unary) out << R"(,"streamType":")" << stream_type_name(r.type) << '"';
        out << '}';
      },
      r.trace_id);
}

}  // namespace gofr::grpc::detail
