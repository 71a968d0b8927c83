#include "grpc/method_descriptor.hpp"

#include <algorithm>
#include <string>

#include <google/protobuf/descriptor.h>

namespace gofr::grpc::detail {

const google::protobuf::MethodDescriptor* find_method_descriptor(std::string_view path) {
  if (path.size() < 2 || path.front() != '/') return nullptr;
  std::string dotted(path.substr(1));  // "pkg.Service.Method", protobuf's full name
  std::replace(dotted.begin(), dotted.end(), '/', '.');
  return google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(dotted);
}

}  // namespace gofr::grpc::detail
