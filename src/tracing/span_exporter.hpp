#pragma once
// Where finished spans go. Spans are encoded in the exporter's format by the threads that end them; export_spans
// runs on the batch processor's own thread, never on a request's, so it may block (network I/O with a timeout).
// It must not throw.
#include <span>
#include <string>
#include <string_view>

#include "tracing/span_format.hpp"

namespace gofr::tracing {

class SpanExporter {
 public:
  virtual ~SpanExporter() = default;
  virtual const SpanFormat& format() const noexcept = 0;
  // Sends one batch of spans encoded by format().append. On failure returns false and sets `error` (logged,
  // rate-limited, by the processor).
  virtual bool export_spans(std::span<const std::string_view> spans, std::string& error) = 0;
  // Short name for logs, e.g. "otlp/http".
  virtual std::string_view name() const noexcept = 0;
};

}  // namespace gofr::tracing
