// Redis replies from arbitrary bytes, fed in two pieces: every complete reply is decoded, bytes that are not RESP
// throw gofr::redis::Error "protocol", and nothing crashes or leaks (hiredis's reader and the conversion).
#include <cstddef>
#include <cstdint>

#include "redis/resp.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto* bytes = reinterpret_cast<const char*>(data);
  const std::size_t split = size ? data[0] % (size + 1) : 0;
  try {
    gofr::redis::detail::ReplyReader reader;
    reader.feed(bytes, split);
    while (reader.next()) {
    }
    reader.feed(bytes + split, size - split);
    while (reader.next()) {
    }
  } catch (const gofr::redis::Error& e) {
    if (e.code() != "protocol") __builtin_trap();
  }
  return 0;
}
