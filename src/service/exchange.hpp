#pragma once
// One HTTP/1.1 request and its response over a pooled connection, bounded by a deadline. Never throws for network
// trouble: the result says what happened, in the terms the retry policy needs (was any of the request written?
// was a reused connection found closed before answering?).
#include "gofr/service/options.hpp"
#include "service/connection_pool.hpp"
#include "service/outbound_request.hpp"

namespace gofr::service::detail {

struct ExchangeResult {
  int status = 0;  // 0: no complete response
  Headers headers;
  std::string body;
  boost::system::error_code error;
  bool timed_out = false;
  bool request_written = false;  // at least part of the request went out
  bool stale = false;            // a reused connection was closed by the server before any response byte
  bool keep_alive = false;       // the connection may carry another request
};

inline constexpr std::size_t max_response_body = 64 * 1024 * 1024;

Task<ExchangeResult> exchange(Connection& connection, OutboundRequest& request, Clock::time_point deadline);

// One exchange on a pooled connection, or a new one. A pooled connection the server closed meanwhile (a race every
// keep-alive client has) is replaced once, transparently — when the request is safe to send twice (`resendable`),
// or none of it was written. Without a response, `failure` says why a connection could not be opened, if that
// was it. The connection goes back to the pool when it may carry another request.
Task<ExchangeResult> pooled_exchange(ConnectionPool& pool, OutboundRequest& request, Clock::time_point deadline,
                                     bool resendable, std::optional<ConnectFailure>& failure);

}  // namespace gofr::service::detail
