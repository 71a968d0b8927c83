#include "tracing/sampler.hpp"

#include <algorithm>
#include <cmath>

namespace gofr::tracing {

Sampler::Sampler(double ratio) : ratio_(std::clamp(ratio, 0.0, 1.0)) {
  // OTel Go: traceIDUpperBound = uint64(fraction * (1 << 63)); a ratio of 1 samples everything.
  bound_ = ratio_ >= 1.0 ? UINT64_MAX : static_cast<std::uint64_t>(std::ldexp(ratio_, 63));
}

bool Sampler::should_sample(const std::optional<SpanContext>& parent,
                            const std::array<std::uint8_t, 16>& trace_id) const {
  if (parent && parent->valid()) return parent->sampled();
  if (ratio_ >= 1.0) return true;
  if (ratio_ <= 0.0) return false;
  // The last 8 bytes, big-endian, shifted right by one: W3C Level 2 guarantees randomness there.
  std::uint64_t x = 0;
  for (std::size_t i = 8; i < 16; ++i) x = (x << 8) | trace_id[i];
  return (x >> 1) < bound_;
}

}  // namespace gofr::tracing
