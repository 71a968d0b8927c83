#pragma once
// A shared library opened with dlopen, for what only some services use (ADR 0011): the PostgreSQL and SQLite client
// libraries and the OTLP/gRPC exporter module load when the configuration asks for them, so a service that uses
// none of them pays neither their resident pages nor their relocations at start-up.
//
// A library, once loaded, stays for the life of the process: libpq and grpc++ keep threads and atexit handlers
// that must not outlive their code.
#include <string>
#include <string_view>

namespace gofr::detail {

class SharedLibrary {
 public:
  // A system library found by the dynamic loader's own search, by its soname ("libpq.so.5"). `wanted_by` names the
  // setting that asked for it ("DB_DIALECT=postgres"). Throws config_error naming both and the loader's reason.
  static SharedLibrary load(const std::string& soname, std::string_view wanted_by, std::string_view package);
  // A module of the framework, libgofr_<name>.so, from the first of: each directory of GOFR_MODULE_PATH, the
  // executable's directory, the installed <libdir>/gofr, the build tree. Throws config_error naming every place
  // tried.
  static SharedLibrary load_module(std::string_view name, std::string_view wanted_by);

  // The function `name`, as type F. Throws config_error when the library lacks it (a version too old).
  template <class F>
  F function(const char* name) const {
    return reinterpret_cast<F>(symbol(name));
  }
  const std::string& path() const noexcept { return path_; }

 private:
  SharedLibrary(void* handle, std::string path, std::string_view wanted_by)
      : handle_(handle), path_(std::move(path)), wanted_by_(wanted_by) {}
  void* symbol(const char* name) const;

  void* handle_;
  std::string path_;
  std::string wanted_by_;
};

// A C library's functions, called through a table that dlsym fills. An X-macro lists them (LIST(X) expands X(name)
// for each), and the table declares and fills them with these two:
//
//   struct Libpq {
//     GOFR_LIBPQ_FUNCTIONS(GOFR_SHARED_FUNCTION)
//     void fill(const gofr::detail::SharedLibrary& library) { GOFR_LIBPQ_FUNCTIONS(GOFR_SHARED_FUNCTION_FILL) }
//   };
//
// Each member has the type of the function of that name, which the library's own header declares.
#define GOFR_SHARED_FUNCTION(name) decltype(&::name) name = nullptr;
#define GOFR_SHARED_FUNCTION_FILL(name) name = library.function<decltype(&::name)>(#name);

// The table of `soname`'s functions, loaded by the first call. A failed load throws config_error out of the
// initialiser, so the next call tries again.
template <class Table>
const Table& load_functions(const char* soname, std::string_view wanted_by, std::string_view package) {
  static const Table table = [&] {
    Table loaded;
    loaded.fill(SharedLibrary::load(soname, wanted_by, package));
    return loaded;
  }();
  return table;
}

}  // namespace gofr::detail
