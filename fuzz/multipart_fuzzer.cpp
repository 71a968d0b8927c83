// multipart/form-data bodies with a fixed boundary, and boundary extraction from the Content-Type.
#include "http/multipart.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string error;
  auto parts = gofr::http::parse_multipart(input, "XyZ", error);
  if (parts) {
    for (const auto& p : *parts) {
      if (p.data.data() < input.data() || p.data.data() + p.data.size() > input.data() + input.size()) return 1;
    }
  }
  gofr::http::multipart_boundary(input);
  return 0;
}
