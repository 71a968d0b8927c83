// Query strings and form bodies: pair splitting and percent-decoding.
#include "http/path.hpp"
#include "http/query.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t total = 0;
  gofr::http::for_each_query_pair(input, [&](std::string_view name, std::string_view value) {
    total += name.size() + value.size();
    return true;
  });
  std::string out;
  gofr::http::percent_decode(input, out, true);
  return total > size * 3 ? 1 : 0;  // decoding never grows the input
}
