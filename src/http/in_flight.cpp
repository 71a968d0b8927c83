#include "http/in_flight.hpp"

#include <vector>

namespace gofr::detail {

namespace {

// As many as a worker usually has in flight at once; beyond that, leases are allocated and freed.
constexpr std::size_t pool_limit = 256;

thread_local std::vector<std::unique_ptr<InFlight>> pool;

// As RequestHead::clear() does: the buffers of one large response are not kept.
void keep(std::string& spare, std::string& used) noexcept {
  if (used.capacity() <= http::detail::RequestHead::kept_capacity) {
    used.clear();
    spare.swap(used);
  }
}

}  // namespace

RequestScope& InFlight::start_scope(const Services& services) {
  auto& s = scope.emplace(services);
  s.response.body.swap(spare_body_);
  s.response.headers.swap(spare_headers_);
  s.head_extra.swap(spare_head_extra_);
  return s;
}

void InFlight::end_scope() noexcept {
  if (!scope) return;
  keep(spare_body_, scope->response.body);
  keep(spare_head_extra_, scope->head_extra);
  scope->response.headers.clear();
  spare_headers_.swap(scope->response.headers);
  scope.reset();
}

InFlightLease::InFlightLease() {
  if (pool.empty()) {
    state_ = std::make_unique<InFlight>();
  } else {
    state_ = std::move(pool.back());
    pool.pop_back();
  }
}

InFlightLease::~InFlightLease() {
  auto& s = *state_;
  s.end_scope();
  s.parser.reset();
  s.record = {};
  s.data = {};
  s.head.clear();
  if (pool.size() < pool_limit) pool.push_back(std::move(state_));
}

}  // namespace gofr::detail
