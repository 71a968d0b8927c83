#include "http/in_flight.hpp"

#include <vector>

namespace gofr::detail {

namespace {

// As many as a worker usually has in flight at once; beyond that, leases are allocated and freed.
constexpr std::size_t pool_limit = 256;

thread_local std::vector<std::unique_ptr<InFlight>> pool;

}  // namespace

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
  s.scope.reset();
  s.parser.reset();
  s.record = {};
  s.data = {};
  s.head.clear();
  if (pool.size() < pool_limit) pool.push_back(std::move(state_));
}

}  // namespace gofr::detail
