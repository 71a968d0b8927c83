#pragma once
// Starts spans: ids, the sampling decision, and whether the span records (sampled and an exporter configured).
#include <optional>
#include <string_view>

#include "gofr/tracing/span.hpp"
#include "tracing/batch_span_processor.hpp"
#include "tracing/sampler.hpp"

namespace gofr::tracing {

class Tracer {
 public:
  // `processor` may be null: no exporter is configured, so nothing records, but ids and the sampled flag are
  // still produced and propagated (a mesh's sampling decision passes through unchanged).
  Tracer(Sampler sampler, BatchSpanProcessor* processor) : sampler_(sampler), processor_(processor) {}

  // A span that is a child of `parent` (nullopt or invalid: a new trace). `on_end(arg)` runs when it ends.
  Span start(std::string_view name, SpanKind kind, const std::optional<SpanContext>& parent,
             void (*on_end)(void*) = nullptr, void* on_end_arg = nullptr) const;

  bool exporting() const noexcept { return processor_ != nullptr; }

 private:
  Sampler sampler_;
  BatchSpanProcessor* processor_;
};

}  // namespace gofr::tracing
