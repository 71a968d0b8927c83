#include "tracing/span_data_pool.hpp"

#include <vector>

namespace gofr::tracing::span_data_pool {

namespace {

// Enough for the spans one worker has open at once in the usual case (a server span and a few children per
// request in flight); beyond it, spare objects are simply freed.
constexpr std::size_t max_spare = 32;

struct Spares {
  std::vector<std::unique_ptr<SpanData>> objects;
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
  if (!data || spares_destroyed || spares.objects.size() >= max_spare) return;
  reset(*data);
  try {
    spares.objects.push_back(std::move(data));
  } catch (...) {  // out of memory for the vector: the object is freed instead
  }
}

}  // namespace gofr::tracing::span_data_pool
