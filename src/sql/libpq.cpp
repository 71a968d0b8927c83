#include "sql/libpq.hpp"

#include "core/shared_library.hpp"

namespace gofr::sql::detail {

const Libpq& libpq() {
  // A failed load throws out of the initialiser, so the next call tries again.
  static const Libpq api = [] {
    const auto library = gofr::detail::SharedLibrary::load("libpq.so.5", "DB_DIALECT=postgres", "libpq5");
    Libpq loaded;
#define GOFR_LIBPQ_LOAD(name) loaded.name = library.function<decltype(&::name)>(#name);
    GOFR_LIBPQ_FUNCTIONS(GOFR_LIBPQ_LOAD)
#undef GOFR_LIBPQ_LOAD
    return loaded;
  }();
  return api;
}

}  // namespace gofr::sql::detail
