#include "gofr/tracing/span.hpp"

#include <chrono>

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

Span& Span::set_attribute(std::string_view key, AttributeValue value) {
  if (!data_) return *this;
  for (auto& a : data_->attributes) {
    if (a.key == key) {
      a.value = std::move(value);
      return *this;
    }
  }
  // OTel's default attribute count limit: beyond it, attributes are dropped and counted.
  if (data_->attributes.size() >= 128) {
    ++data_->dropped_attributes;
    return *this;
  }
  data_->attributes.push_back(span_data_pool::make_attribute(key, std::move(value)));
  return *this;
}

Span& Span::append_attribute(std::string_view key, AttributeValue value) {
  if (!data_) return *this;
  if (data_->attributes.size() >= 128) {
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

void Span::end() noexcept {
  if (on_end_) std::exchange(on_end_, nullptr)(on_end_arg_);
  if (!data_) return;
  auto data = std::move(data_);
  data->end_unix_nano = now_unix_nano();
  if (sink_) sink_->on_end(*data);
  span_data_pool::release(std::move(data));
}

void Span::discard() noexcept { span_data_pool::release(std::move(data_)); }

}  // namespace gofr::tracing
