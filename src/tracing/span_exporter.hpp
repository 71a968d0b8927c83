#pragma once
// Where finished spans go. Exporters run on the batch processor's own thread, never on a request's, so they may
// block (network I/O with a timeout); they must not throw.
#include <span>
#include <string>

#include "gofr/tracing/span_data.hpp"

namespace gofr::tracing {

class SpanExporter {
 public:
  virtual ~SpanExporter() = default;
  // Sends one batch. On failure returns false and sets `error` (logged, rate-limited, by the processor).
  virtual bool export_spans(std::span<const SpanData> spans, std::string& error) = 0;
  // Short name for logs, e.g. "otlp/http".
  virtual std::string_view name() const noexcept = 0;
};

}  // namespace gofr::tracing
