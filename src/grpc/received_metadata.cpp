#include "grpc/received_metadata.hpp"

#include <grpcpp/server_context.h>

namespace gofr::grpc::detail {

namespace {

// ServerContextBase keeps the received metadata in a private grpc::internal::MetadataMap, whose arr() (public)
// is the array grpc core filled. The usual access checks do not apply to the names in an explicit instantiation
// ([temp.spec]), so the instantiation below may name the private member and hands a pointer to it out through a
// friend function. Should a later grpc++ rename the member or change its type, this stops compiling: it cannot
// misread quietly.
struct ClientMetadataMember {
  using Context = ::grpc::ServerContextBase;
  using type = ::grpc::internal::MetadataMap Context::*;
  friend type member_pointer(ClientMetadataMember);
};

template <class Tag, typename Tag::type Member>
struct ExposeMember {
  friend typename Tag::type member_pointer(Tag) { return Member; }
};

template struct ExposeMember<ClientMetadataMember, &::grpc::ServerContextBase::client_metadata_>;

}  // namespace

ReceivedMetadata::ReceivedMetadata(const ::grpc::ServerContextBase& server) noexcept {
  // arr() is not const, though it only returns the array's address; the array is only read here.
  auto& map = const_cast<::grpc::internal::MetadataMap&>(server.*member_pointer(ClientMetadataMember{}));
  const grpc_metadata_array* array = map.arr();
  entries_ = array->metadata;
  count_ = array->count;
}

}  // namespace gofr::grpc::detail
