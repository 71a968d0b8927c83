#pragma once
// Spare SpanData objects, one set per thread. A span's data is encoded by the thread that ends it and then
// returned here, so a worker reuses the same few objects (and their name and attribute buffers) for every request
// instead of allocating and freeing them each time.
#include <memory>

#include "gofr/tracing/span_data.hpp"

namespace gofr::tracing::span_data_pool {

// A SpanData in its default state.
std::unique_ptr<SpanData> acquire();
// Takes back `data` (any state) for reuse by this thread.
void release(std::unique_ptr<SpanData> data) noexcept;

}  // namespace gofr::tracing::span_data_pool
