# Test and benchmark registration by file suffix, next to the code they exercise:
#   gofr_add_module_tests(<module> <dir>) turns every <dir>/*_test.cpp into one GoogleTest binary
#   (<module>_test, registered with CTest) and every <dir>/*_benchmark.cpp into one Google Benchmark binary.

# Precompiled headers shared by the library's heavy translation units (Asio, Beast, JSON).
function(gofr_use_pch target)
  target_precompile_headers(${target} PRIVATE
    <boost/asio.hpp> <boost/beast/core.hpp> <boost/beast/http.hpp> <boost/json.hpp>
    <string> <string_view> <vector> <functional> <memory>)
endfunction()

function(gofr_add_module_tests module dir)
  if(NOT GOFR_BUILD_TESTS)
    return()
  endif()
  file(GLOB tests CONFIGURE_DEPENDS "${dir}/*_test.cpp")
  if(tests)
    find_package(GTest REQUIRED)
    add_executable(${module}_test ${tests})
    target_link_libraries(${module}_test PRIVATE gofr_private GTest::gtest_main GTest::gmock gofr_warnings)
    target_precompile_headers(${module}_test PRIVATE <gtest/gtest.h> <boost/asio.hpp> <boost/json.hpp>)
    add_test(NAME unit.${module} COMMAND ${module}_test)
    set_tests_properties(unit.${module} PROPERTIES LABELS unit TIMEOUT 120)
  endif()
  file(GLOB benches CONFIGURE_DEPENDS "${dir}/*_benchmark.cpp")
  if(benches AND GOFR_BUILD_BENCHMARKS)
    find_package(benchmark REQUIRED)
    add_executable(${module}_benchmark ${benches})
    target_link_libraries(${module}_benchmark PRIVATE gofr_private benchmark::benchmark_main)
  endif()
endfunction()
