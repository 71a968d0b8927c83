# gofr_grpc_generate(<target> PROTOS a.proto [b.proto …] [IMPORT_DIRS dir …])
#
# Generates the C++ messages and gRPC services of the given .proto files (protoc with grpc_cpp_plugin, both from
# Debian's protobuf-compiler and protobuf-compiler-grpc) into the build tree, compiles them into <target>, and
# makes `#include "<name>.grpc.pb.h"` work for it. Each file's own folder is an import path; add others with
# IMPORT_DIRS. Regenerated whenever a .proto changes.
find_package(Protobuf REQUIRED)
find_package(gRPC CONFIG REQUIRED)

function(gofr_grpc_generate target)
  cmake_parse_arguments(ARG "" "" "PROTOS;IMPORT_DIRS" ${ARGN})
  if(NOT ARG_PROTOS)
    message(FATAL_ERROR "gofr_grpc_generate(${target}): no PROTOS given")
  endif()
  set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/${target}_grpc_generated")
  file(MAKE_DIRECTORY "${out_dir}")
  set(import_flags)
  foreach(dir IN LISTS ARG_IMPORT_DIRS)
    get_filename_component(dir "${dir}" ABSOLUTE)
    list(APPEND import_flags "-I${dir}")
  endforeach()
  set(generated)
  foreach(proto IN LISTS ARG_PROTOS)
    get_filename_component(proto_path "${proto}" ABSOLUTE)
    get_filename_component(proto_dir "${proto_path}" DIRECTORY)
    get_filename_component(name "${proto_path}" NAME_WE)
    set(outputs "${out_dir}/${name}.pb.cc" "${out_dir}/${name}.pb.h" "${out_dir}/${name}.grpc.pb.cc"
                "${out_dir}/${name}.grpc.pb.h")
    add_custom_command(
      OUTPUT ${outputs}
      COMMAND protobuf::protoc
        "--cpp_out=${out_dir}" "--grpc_out=${out_dir}"
        "--plugin=protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>"
        "-I${proto_dir}" ${import_flags} "${proto_path}"
      DEPENDS "${proto_path}" protobuf::protoc gRPC::grpc_cpp_plugin
      COMMENT "gofr_grpc_generate: ${name}.proto"
      VERBATIM)
    list(APPEND generated ${outputs})
  endforeach()
  target_sources(${target} PRIVATE ${generated})
  target_include_directories(${target} PUBLIC "$<BUILD_INTERFACE:${out_dir}>")
  target_link_libraries(${target} PUBLIC protobuf::libprotobuf gRPC::grpc++)
endfunction()
