# `cmake --install` puts the headers, the library and a CMake package in the prefix, so a consumer writes
#   find_package(gofr REQUIRED)  target_link_libraries(app PRIVATE gofr::gofr)   # or gofr::grpc with gRPC
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS gofr gofr_grpc EXPORT gofrTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# Loaded with dlopen from here when a service asks for it (core/shared_library.cpp, ADR 0011).
install(TARGETS gofr_otlp_grpc LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/gofr)
install(DIRECTORY include/gofr DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT gofrTargets NAMESPACE gofr:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/gofr)
configure_package_config_file(cmake/gofrConfig.cmake.in ${CMAKE_CURRENT_BINARY_DIR}/gofrConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/gofr)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/gofrConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/gofrConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/gofrConfigVersion.cmake
  ${CMAKE_CURRENT_SOURCE_DIR}/cmake/GofrGrpc.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/gofr)
