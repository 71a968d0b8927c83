#include "tracing/span_data_pool.hpp"

#include <string>
#include <vector>

namespace gofr::tracing::span_data_pool {

namespace {

// Enough for the spans one worker has open at once in the usual case (a server span and a few children per
// request in flight); beyond it, spare objects are simply freed.
constexpr std::size_t max_spare = 32;
constexpr std::size_t max_spare_keys = 32 * 16;
constexpr std::size_t max_key_capacity = 64;  // longer keys are rare: not worth keeping

struct Spares {
  std::vector<std::unique_ptr<SpanData>> objects;
  std::vector<std::string> keys;  // attribute keys' buffers
  ~Spares();
};

// Trivially destructible, so still readable while this thread's other thread_locals are being destroyed (a span
// ended by a thread_local's destructor must not touch the destroyed pool).
thread_local bool spares_destroyed = false;
thread_local Spares spares;

Spares::~Spares() { spares_destroyed = true; }

// Back to the default state, keeping the capacity of the name and the attribute vector.
void reset(SpanData& data) noexcept {
  data.name.clear();
  data.kind = SpanKind::internal;
  data.context = SpanContext{};
  data.parent_span_id = {};
  data.parent_remote = false;
  data.start_unix_nano = data.end_unix_nano = 0;
  if (spares.keys.capacity() == 0) spares.keys.reserve(max_spare_keys);
  for (auto& attribute : data.attributes) {
    if (spares.keys.size() == max_spare_keys) break;
    // Only keys on the heap are worth keeping; within the reserved capacity, push_back cannot throw.
    const auto capacity = attribute.key.capacity();
    if (capacity > std::string().capacity() && capacity <= max_key_capacity) {
      spares.keys.push_back(std::move(attribute.key));
    }
  }
  data.attributes.clear();
  data.events.clear();
  data.links.clear();
  data.status = StatusCode::unset;
  data.status_message.clear();
  data.dropped_attributes = data.dropped_events = data.dropped_links = 0;
}

}  // namespace

std::unique_ptr<SpanData> acquire() {
  if (spares_destroyed || spares.objects.empty()) return std::make_unique<SpanData>();
  auto data = std::move(spares.objects.back());
  spares.objects.pop_back();
  return data;
}

void release(std::unique_ptr<SpanData> data) noexcept {
  if (!data || spares_destroyed) return;
  try {
    reset(*data);
    if (spares.objects.size() < max_spare) spares.objects.push_back(std::move(data));
  } catch (...) {  // out of memory for the spares themselves: the object is freed instead
  }
}

Attribute make_attribute(std::string_view key, AttributeValue&& value) {
  if (key.size() <= std::string().capacity() || spares_destroyed || spares.keys.empty()) {
    return {std::string(key), std::move(value)};
  }
  std::string spare = std::move(spares.keys.back());
  spares.keys.pop_back();
  spare.assign(key);
  return {std::move(spare), std::move(value)};
}

}  // namespace gofr::tracing::span_data_pool
