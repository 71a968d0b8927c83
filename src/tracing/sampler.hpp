#pragma once
// ParentBased(TraceIdRatioBased(ratio)), the sampler GoFr configures from TRACER_RATIO: a span with a parent
// follows the parent's sampled flag (so a trace the mesh or a caller sampled stays sampled end to end); a root is
// sampled when its trace id falls below ratio × 2^63, the same computation as OpenTelemetry Go's SDK, so Go and
// C++ services agree on which trace ids are in.
#include <cstdint>
#include <optional>

#include "gofr/tracing/span_context.hpp"

namespace gofr::tracing {

class Sampler {
 public:
  explicit Sampler(double ratio);

  bool should_sample(const std::optional<SpanContext>& parent, const std::array<std::uint8_t, 16>& trace_id) const;
  double ratio() const noexcept { return ratio_; }

 private:
  double ratio_;
  std::uint64_t bound_;  // sample when the trace id's lower 63 bits are below this
};

}  // namespace gofr::tracing
