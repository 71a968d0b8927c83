#pragma once
// Spare SpanData objects and attributes, one set per thread. A span's data is encoded by the thread that ends it
// and then returned here, so a worker reuses the same few objects, attribute vectors and attribute keys for every
// request instead of allocating and freeing them each time (most semantic-convention keys are too long for
// std::string's inline buffer).
#include <memory>
#include <string_view>

#include "gofr/tracing/span_data.hpp"

namespace gofr::tracing::span_data_pool {

// A SpanData in its default state.
std::unique_ptr<SpanData> acquire();
// Takes back `data` (any state), and its attributes, for reuse by this thread.
void release(std::unique_ptr<SpanData> data) noexcept;
// {key, value}, with a spare key buffer when the key needs one and this thread has one.
Attribute make_attribute(std::string_view key, AttributeValue&& value);

}  // namespace gofr::tracing::span_data_pool
