#include "gofr/tracing/span.hpp"

#include <chrono>

#include "tracing/attribute_ref.hpp"
#include "tracing/batch_span_processor.hpp"
#include "tracing/span_data_pool.hpp"

namespace gofr::tracing {

namespace {
std::uint64_t now_unix_nano() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}
}  // namespace

Span& Span::operator=(Span&& other) noexcept {
  if (this != &other) {
    end();
    context_ = std::move(other.context_);
    data_ = std::move(other.data_);
    sink_ = std::exchange(other.sink_, nullptr);
    on_end_ = std::exchange(other.on_end_, nullptr);
    on_end_arg_ = std::exchange(other.on_end_arg_, nullptr);
  }
  return *this;
}

Span& Span::set_name(std::string_view name) {
  if (data_) data_->name.assign(name);
  return *this;
}

namespace {

// OTel's default attribute count limit: beyond it, attributes are dropped and counted.
constexpr std::size_t max_attributes = 128;

// set_attribute's rule: a key already recorded gets the new value.
void set_on(SpanData& data, std::string_view key, AttributeValue&& value) {
  for (auto& a : data.attributes) {
    if (a.key == key) {
      a.value = std::move(value);
      return;
    }
  }
  if (data.attributes.size() >= max_attributes) {
    ++data.dropped_attributes;
    return;
  }
  data.attributes.push_back(span_data_pool::make_attribute(key, std::move(value)));
}

}  // namespace

Span& Span::set_attribute(std::string_view key, AttributeValue value) {
  if (data_) set_on(*data_, key, std::move(value));
  return *this;
}

Span& Span::append_attribute(std::string_view key, AttributeValue value) {
  if (!data_) return *this;
  if (data_->attributes.size() >= max_attributes) {
    ++data_->dropped_attributes;
    return *this;
  }
  data_->attributes.push_back(span_data_pool::make_attribute(key, std::move(value)));
  return *this;
}

Span& Span::add_event(std::string_view name, std::vector<Attribute> attributes) {
  if (!data_) return *this;
  if (data_->events.size() >= 128) {
    ++data_->dropped_events;
    return *this;
  }
  data_->events.push_back({std::string(name), now_unix_nano(), std::move(attributes)});
  return *this;
}

Span& Span::set_status(StatusCode code, std::string_view message) {
  if (!data_) return *this;
  // OTel: Ok is final, and a description only goes with Error.
  if (data_->status == StatusCode::ok) return *this;
  data_->status = code;
  data_->status_message = code == StatusCode::error ? std::string(message) : std::string();
  return *this;
}

void Span::finish(std::span<const AttributeRef> closing) noexcept {
  if (on_end_) std::exchange(on_end_, nullptr)(on_end_arg_);
  if (!data_) return;
  auto data = std::move(data_);
  data->end_unix_nano = now_unix_nano();
  try {
    // Read in place unless a recorded attribute could share a key (never for the server span): then the closing
    // ones are copied in under set_attribute's rules.
    if (!data->attributes.empty() && !closing.empty()) {
      for (const auto& a : closing) set_on(*data, a.key, owned_value(a.value));
      closing = {};
    }
    if (const auto room = max_attributes - data->attributes.size(); closing.size() > room) {
      data->dropped_attributes += static_cast<std::uint32_t>(closing.size() - room);
      closing = closing.first(room);
    }
    if (sink_) sink_->on_end(*data, closing);
  } catch (...) {  // out of memory: the span is lost, the request is not
  }
  span_data_pool::release(std::move(data));
}

void Span::discard() noexcept { span_data_pool::release(std::move(data_)); }

}  // namespace gofr::tracing
