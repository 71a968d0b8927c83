#include "tracing/tracer.hpp"

#include <chrono>

#include "tracing/id_generator.hpp"
#include "tracing/span_data_pool.hpp"

namespace gofr::tracing {

Span Tracer::start(std::string_view name, SpanKind kind, const std::optional<SpanContext>& parent,
                   void (*on_end)(void*), void* on_end_arg) const {
  const bool has_parent = parent && parent->valid();
  SpanContext context;
  if (has_parent) {
    context.trace_id = parent->trace_id;
    context.state = parent->state;
  } else {
    context.trace_id = new_trace_id();
  }
  context.span_id = new_span_id();
  const bool sampled = sampler_.should_sample(parent, context.trace_id);
  // Level 2: our own trace ids are random, so a new trace says so; a continued trace keeps what it received.
  const std::uint8_t random = has_parent ? (parent->flags & SpanContext::random_flag) : SpanContext::random_flag;
  context.flags = static_cast<std::uint8_t>((sampled ? SpanContext::sampled_flag : 0) | random);

  std::unique_ptr<SpanData> data;
  if (sampled && processor_) {
    data = span_data_pool::acquire();
    data->name.assign(name);
    data->kind = kind;
    data->context = context;
    if (has_parent) {
      data->parent_span_id = parent->span_id;
      data->parent_remote = parent->remote;
    }
    data->start_unix_nano = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                                           std::chrono::system_clock::now().time_since_epoch())
                                                           .count());
    data->attributes.reserve(16);  // a server span has up to 14
  }
  return Span(std::move(context), std::move(data), processor_, on_end, on_end_arg);
}

}  // namespace gofr::tracing
