#pragma once
// The metadata a server call received, read in place from grpc core's array, in the order it arrived.
//
// grpc++ 1.51 hands it out only as a std::multimap (ServerContextBase::client_metadata()), built on first use with
// one allocation per entry: about 1,200 instructions per call, a third of everything the framework adds to a unary
// call. The entries are already in the array grpc core filled when the call arrived; this reads them there (ADR
// 0009). Valid until the call ends, like the multimap.
#include <cstddef>
#include <string_view>

#include <grpc/grpc.h>

namespace grpc {
class ServerContextBase;
}

namespace gofr::grpc::detail {

class ReceivedMetadata {
 public:
  ReceivedMetadata() = default;
  explicit ReceivedMetadata(const ::grpc::ServerContextBase& server) noexcept;

  // Every entry in order, as visit(key, value). Keys arrive lower-case (HTTP/2); "-bin" values are the raw bytes.
  template <class Visit>
  void for_each(Visit&& visit) const {
    for (std::size_t i = 0; i < count_; ++i) visit(view(entries_[i].key), view(entries_[i].value));
  }

  // The first value of `key` (lower-case), or "".
  std::string_view find(std::string_view key) const noexcept {
    for (std::size_t i = 0; i < count_; ++i)
      if (view(entries_[i].key) == key) return view(entries_[i].value);
    return {};
  }

 private:
  static std::string_view view(const grpc_slice& slice) noexcept {
    return {reinterpret_cast<const char*>(GRPC_SLICE_START_PTR(slice)), GRPC_SLICE_LENGTH(slice)};
  }

  const grpc_metadata* entries_ = nullptr;
  std::size_t count_ = 0;
};

}  // namespace gofr::grpc::detail
