#pragma once
// What one request needs while it is in flight — its parsed head and body, its log record, its scope — taken from
// a per-thread pool and given back when the response is out. An idle keep-alive connection holds none of it; the
// head's buffers and the scope's capacity are reused rather than allocated per request; and the coroutine frame
// that serves the request stays small enough for Asio to recycle (it recycles up to 1 KiB: a frame holding these
// was a memalign and a free per request).
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "http/request_data.hpp"
#include "http/request_log.hpp"
#include "http/request_parser.hpp"
#include "http/request_scope.hpp"

namespace gofr::detail {

struct InFlight {
  http::detail::RequestHead head;
  std::optional<http::detail::RequestParser> parser;
  RequestLogRecord record;
  http::detail::RequestData data;
  std::optional<RequestScope> scope;

  // A fresh scope that reuses the previous request's response body, header list and head buffer.
  RequestScope& start_scope(const Services& services);
  // Ends the scope, keeping those buffers for the next one.
  void end_scope() noexcept;

 private:
  std::string spare_body_, spare_head_extra_;
  std::vector<std::pair<std::string, std::string>> spare_headers_;
};

// Owns an InFlight from this thread's pool for one request; the destructor empties it and puts it back.
class InFlightLease {
 public:
  InFlightLease();
  ~InFlightLease();
  InFlightLease(const InFlightLease&) = delete;
  InFlightLease& operator=(const InFlightLease&) = delete;

  InFlight& operator*() const noexcept { return *state_; }
  InFlight* operator->() const noexcept { return state_.get(); }

 private:
  std::unique_ptr<InFlight> state_;
};

}  // namespace gofr::detail
