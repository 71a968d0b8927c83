// `baggage` parsing, one header field per input line: whatever is accepted must be sent whole, within the
// limits, and read back as the same list.
#include <cstdlib>
#include <vector>

#include "tracing/baggage.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using gofr::tracing::Baggage;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> fields;
  for (;;) {
    const auto newline = input.find('\n');
    fields.push_back(input.substr(0, newline));
    if (newline == std::string_view::npos) break;
    input.remove_prefix(newline + 1);
  }
  const auto baggage = Baggage::parse(fields);
  if (!baggage) return 0;
  if (baggage->empty() || baggage->size() > Baggage::max_members) std::abort();
  const auto header = baggage->to_header();
  if (header.size() > Baggage::max_bytes) std::abort();
  const auto again = Baggage::parse(header);
  if (!again || *again != *baggage || again->to_header() != header) std::abort();
  return 0;
}
