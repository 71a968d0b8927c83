// configs/.env parsing.
#include "core/dotenv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    gofr::dotenv::parse(std::string_view(reinterpret_cast<const char*>(data), size), {{"HOME", "/root"}});
  } catch (const gofr::dotenv::parse_error&) {
  }
  return 0;
}
