#include "tracing/export/valid_utf8.hpp"

#include "logging/utf8.hpp"

namespace gofr::tracing {

namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

// Calls good(from, to) for each run of well-formed text and bad() for each ill-formed byte.
template <typename Good, typename Bad>
void scan(std::string_view text, Good good, Bad bad) {
  std::size_t clean_from = 0, i = 0;
  // Attribute values are nearly always ASCII: skip it a byte at a time without decoding.
  while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80) ++i;
  while (i < text.size()) {
    const auto length = logging::utf8_sequence_length(text, i);
    if (length != 0) {
      i += length;
      continue;
    }
    good(clean_from, i);
    bad();
    clean_from = ++i;
  }
  good(clean_from, i);
}

}  // namespace

void append_valid_utf8(std::string& out, std::string_view text) {
  scan(
      text, [&](std::size_t from, std::size_t to) { out.append(text.substr(from, to - from)); },
      [&] { out.append(replacement); });
}

std::size_t valid_utf8_size(std::string_view text) noexcept {
  std::size_t size = 0;
  scan(
      text, [&](std::size_t from, std::size_t to) { size += to - from; }, [&] { size += replacement.size(); });
  return size;
}

}  // namespace gofr::tracing
