#pragma once
// A method's generated descriptor by the name it has on the wire.
#include <string_view>

namespace google::protobuf {
class MethodDescriptor;
}

namespace gofr::grpc::detail {

// The descriptor of "/pkg.Service/Method" among the services compiled into the process, or null.
const google::protobuf::MethodDescriptor* find_method_descriptor(std::string_view path);

}  // namespace gofr::grpc::detail
