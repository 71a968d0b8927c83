#include "grpc/health_codec.hpp"

#include <cstdint>

namespace gofr::grpc::detail {

namespace {

// A base-128 varint of at most 10 bytes; advances `in`.
std::optional<std::uint64_t> read_varint(std::string_view& in) {
  std::uint64_t value = 0;
  for (int shift = 0; shift < 64 && !in.empty(); shift += 7) {
    const auto byte = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  return std::nullopt;
}

bool skip(std::string_view& in, std::size_t n) {
  if (in.size() < n) return false;
  in.remove_prefix(n);
  return true;
}

}  // namespace

std::optional<std::string> decode_health_request(std::string_view in) {
  std::string service;
  while (!in.empty()) {
    const auto key = read_varint(in);
    if (!key || (*key >> 3) == 0) return std::nullopt;  // field 0 does not exist
    const auto field = *key >> 3;
    switch (*key & 7) {
      case 0:  // varint
        if (!read_varint(in)) return std::nullopt;
        break;
      case 1:  // 64-bit
        if (!skip(in, 8)) return std::nullopt;
        break;
      case 2: {  // length-delimited
        const auto length = read_varint(in);
        if (!length || *length > in.size()) return std::nullopt;
        if (field == 1) service.assign(in.substr(0, static_cast<std::size_t>(*length)));
        in.remove_prefix(static_cast<std::size_t>(*length));
        break;
      }
      case 5:  // 32-bit
        if (!skip(in, 4)) return std::nullopt;
        break;
      default:  // groups (3, 4) are not valid in proto3, 6 and 7 do not exist
        return std::nullopt;
    }
  }
  return service;
}

std::string encode_health_response(ServingStatus status) {
  // proto3 leaves a field at its default value (UNKNOWN, 0) out.
  if (status == ServingStatus::unknown) return {};
  return {'\x08', static_cast<char>(status)};
}

}  // namespace gofr::grpc::detail
