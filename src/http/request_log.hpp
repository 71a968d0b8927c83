#pragma once
// GoFr's request log record, one per request:
//   {"trace_id","span_id","start_time","response_time"(µs),"method","user_agent","ip","uri","response"}
// at INFO below 500 and ERROR from 500 on.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/ip/tcp.hpp>

#include "gofr/logging.hpp"
#include "http/request_data.hpp"

namespace gofr::detail {

struct RequestLogRecord {
  std::chrono::system_clock::time_point start{};
  std::chrono::steady_clock::duration elapsed{};
  std::string_view method, user_agent, forwarded_for, uri, trace_id, span_id;
  std::string_view remote;  // "ip:port", formatted once per connection
  int status = 0;

  void fill_from(const http::detail::RequestHead& message);
};

// Logs at INFO below 500 and ERROR from 500 on, unless `level` is given.
void log_request(Logger& logger, const RequestLogRecord& record, std::optional<Level> level = std::nullopt);

}  // namespace gofr::detail
