# Build speed and diagnostics shared by every target: ccache, mold, warnings, sanitizers.
find_program(GOFR_CCACHE ccache)
if(GOFR_CCACHE)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${GOFR_CCACHE}")
endif()

find_program(GOFR_MOLD mold)
if(GOFR_MOLD AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  add_link_options(-fuse-ld=mold)
elseif(GOFR_MOLD AND CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  add_link_options(-fuse-ld=mold)
endif()

add_library(gofr_warnings INTERFACE)
target_compile_options(gofr_warnings INTERFACE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
if(GOFR_WERROR)
  target_compile_options(gofr_warnings INTERFACE -Werror)
endif()

if(GOFR_SANITIZE)
  add_compile_options(-fsanitize=${GOFR_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${GOFR_SANITIZE})
endif()
