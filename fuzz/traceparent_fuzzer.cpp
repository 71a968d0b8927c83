// `traceparent` parsing: whatever is accepted must format as version 00 and read back identically.
#include <cstdlib>

#include "tracing/trace_context.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto context = gofr::tracing::parse_traceparent(input);
  if (!context) return 0;
  if (!context->valid() || (context->flags & ~gofr::tracing::SpanContext::known_flags) != 0) std::abort();
  const auto formatted = gofr::tracing::format_traceparent(*context);
  const auto again = gofr::tracing::parse_traceparent(formatted);
  if (formatted.size() != 55 || !again || *again != *context) std::abort();
  if (gofr::tracing::format_traceparent(*again) != formatted) std::abort();
  return 0;
}
