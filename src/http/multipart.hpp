#pragma once
// multipart/form-data (RFC 7578) body parsing. No packaged C++ library parses it (Boost.Beast does not), so it
// is written here and fuzzed (fuzz/multipart_fuzzer.cpp).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gofr::http {

struct MultipartPart {
  std::string name;
  std::optional<std::string> filename;  // set for file parts
  std::string content_type;
  std::string_view data;  // points into the body
};

// Extracts the boundary parameter from a Content-Type value; nullopt when absent or invalid.
std::optional<std::string> multipart_boundary(std::string_view content_type);

// Parses the parts; nullopt (with `error` set) when the body is not well-formed.
std::optional<std::vector<MultipartPart>> parse_multipart(std::string_view body, std::string_view boundary,
                                                          std::string& error);

}  // namespace gofr::http
