#include "sql/libsqlite3.hpp"

#include "core/shared_library.hpp"

namespace gofr::sql::detail {

const Libsqlite3& libsqlite3() {
  // A failed load throws out of the initialiser, so the next call tries again.
  static const Libsqlite3 api = [] {
    const auto library = gofr::detail::SharedLibrary::load("libsqlite3.so.0", "DB_DIALECT=sqlite", "libsqlite3-0");
    Libsqlite3 loaded;
#define GOFR_SQLITE3_LOAD(name) loaded.name = library.function<decltype(&::name)>(#name);
    GOFR_SQLITE3_FUNCTIONS(GOFR_SQLITE3_LOAD)
#undef GOFR_SQLITE3_LOAD
    return loaded;
  }();
  return api;
}

}  // namespace gofr::sql::detail
