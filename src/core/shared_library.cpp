#include "core/shared_library.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

#include "gofr/config.hpp"

namespace gofr::detail {

namespace {

std::string loader_error() {
  const char* error = ::dlerror();
  return error ? error : "unknown error";
}

std::vector<std::filesystem::path> module_directories() {
  std::vector<std::filesystem::path> dirs;
  if (const char* path = std::getenv("GOFR_MODULE_PATH")) {
    std::string_view rest = path;
    while (!rest.empty()) {
      const auto colon = rest.find(':');
      if (const auto dir = rest.substr(0, colon); !dir.empty()) dirs.emplace_back(dir);
      rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
    }
  }
  std::error_code error;
  if (const auto exe = std::filesystem::read_symlink("/proc/self/exe", error); !error) {
    dirs.push_back(exe.parent_path());
  }
  dirs.emplace_back(GOFR_MODULE_INSTALL_DIR);
  dirs.emplace_back(GOFR_MODULE_BUILD_DIR);
  return dirs;
}

}  // namespace

SharedLibrary SharedLibrary::load(const std::string& soname, std::string_view wanted_by, std::string_view package) {
  // RTLD_LOCAL: the library's symbols serve only the calls made through this handle; nothing else binds to them.
  if (void* handle = ::dlopen(soname.c_str(), RTLD_NOW | RTLD_LOCAL)) return {handle, soname, wanted_by};
  throw config_error(std::string(wanted_by) + " needs " + soname + " (Debian package " + std::string(package) +
                     "), which cannot be loaded: " + loader_error());
}

SharedLibrary SharedLibrary::load_module(std::string_view name, std::string_view wanted_by) {
  const std::string file = "libgofr_" + std::string(name) + ".so";
  std::string tried;
  for (const auto& dir : module_directories()) {
    const auto path = (dir / file).string();
    if (void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL)) return {handle, path, wanted_by};
    tried += "\n  " + loader_error();
  }
  throw config_error(std::string(wanted_by) + " needs the module " + file +
                     "; put it next to the executable or in a directory of GOFR_MODULE_PATH. Tried:" + tried);
}

void* SharedLibrary::symbol(const char* name) const {
  ::dlerror();
  if (void* address = ::dlsym(handle_, name)) return address;
  throw config_error(wanted_by_ + ": " + path_ + " has no " + name + " (" + loader_error() +
                     "); it is older than this build of the framework");
}

}  // namespace gofr::detail
