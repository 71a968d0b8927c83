#pragma once
// A span being recorded: `ctx.trace("name")` starts one as a child of the request's active span. It ends when
// `end()` is called or when it is destroyed, whichever comes first, and is then handed to the exporter.
// A span that is not sampled (TRACER_RATIO, the caller's sampled flag) or not exported still has valid ids for
// propagation and logs, and its recording calls cost nothing.
//
// Threading: a Span belongs to the coroutine that created it; do not share it between threads.
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gofr/tracing/span_context.hpp"
#include "gofr/tracing/span_data.hpp"

namespace gofr::tracing {

class BatchSpanProcessor;

class Span {
 public:
  Span() = default;
  Span(Span&& other) noexcept { *this = std::move(other); }
  Span& operator=(Span&& other) noexcept;
  ~Span() { end(); }

  // True when attributes, events and status are recorded and the span will be exported.
  bool recording() const noexcept { return data_ != nullptr; }
  const SpanContext& context() const noexcept { return context_; }
  // 32 and 16 lower-case hex digits.
  std::string trace_id() const { return context_.trace_id_hex(); }
  std::string span_id() const { return context_.span_id_hex(); }

  Span& set_name(std::string_view name);
  Span& set_kind(SpanKind kind) {
    if (data_) data_->kind = kind;
    return *this;
  }
  Span& set_attribute(std::string_view key, AttributeValue value);
  // Like set_attribute for a key that is known not to be set yet: skips the search for an existing one, which is
  // most of the cost of the ten attributes of a server span.
  Span& append_attribute(std::string_view key, AttributeValue value);
  Span& add_event(std::string_view name, std::vector<Attribute> attributes = {});
  Span& set_status(StatusCode code, std::string_view message = {});
  // Ends the span (idempotent); later calls to the setters are ignored.
  void end() noexcept { end({}); }
  // Ends the span with `closing` added to its attributes, read in place (they must live until end returns) rather
  // than copied: for attributes known only at the end, such as a response's status code. Their keys must differ
  // from each other; a closing attribute replaces a recorded one of the same key, as set_attribute does.
  void end(std::span<const AttributeRef> closing) noexcept {
    // Inline, because most calls find nothing to do: a span that is not sampled, or one that has ended already
    // and is being destroyed or assigned over.
    if (on_end_ || data_) finish(closing);
  }
  // Stops recording: the span keeps its ids but is not exported (the framework does this for health probes).
  void discard() noexcept;

  // For the tracer: a span with its identity, recording into `sink` when `data` is set.
  Span(SpanContext context, std::unique_ptr<SpanData> data, BatchSpanProcessor* sink, void (*on_end)(void*),
       void* on_end_arg)
      : context_(std::move(context)), data_(std::move(data)), sink_(sink), on_end_(on_end), on_end_arg_(on_end_arg) {}

 private:
  void finish(std::span<const AttributeRef> closing) noexcept;

  SpanContext context_;
  std::unique_ptr<SpanData> data_;
  BatchSpanProcessor* sink_ = nullptr;
  void (*on_end_)(void*) = nullptr;  // e.g. restores the request's active span
  void* on_end_arg_ = nullptr;
};

}  // namespace gofr::tracing
