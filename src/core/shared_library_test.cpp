#include "core/shared_library.hpp"

#include <cstdlib>
#include <filesystem>

#include <unistd.h>

#include <gtest/gtest.h>

#include "gofr/config.hpp"
#include "sql/libpq.hpp"
#include "sql/libsqlite3.hpp"
#include "tracing/export/otlp_grpc_module.hpp"

namespace gofr::detail {
namespace {

std::string failure_of(auto&& load) {
  try {
    load();
  } catch (const config_error& e) {
    return e.what();
  }
  return "no error";
}

TEST(SharedLibrary, AMissingLibraryNamesTheSettingTheFileAndThePackage) {
  const auto message = failure_of([] { SharedLibrary::load("libgofr-absent.so.1", "DB_DIALECT=absent", "absent1"); });
  EXPECT_NE(message.find("DB_DIALECT=absent needs libgofr-absent.so.1 (Debian package absent1)"), std::string::npos)
      << message;
}

TEST(SharedLibrary, AMissingModuleNamesTheFileAndEveryPlaceTried) {
  ::setenv("GOFR_MODULE_PATH", "/nonexistent/gofr-modules", 1);
  const auto message = failure_of([] { SharedLibrary::load_module("absent", "TRACE_EXPORTER=absent"); });
  ::unsetenv("GOFR_MODULE_PATH");
  EXPECT_NE(message.find("TRACE_EXPORTER=absent needs the module libgofr_absent.so"), std::string::npos) << message;
  EXPECT_NE(message.find("/nonexistent/gofr-modules/libgofr_absent.so"), std::string::npos) << message;
  EXPECT_NE(message.find("GOFR_MODULE_PATH"), std::string::npos) << message;
}

TEST(SharedLibrary, GofrModulePathComesFirst) {
  const auto built = SharedLibrary::load_module("otlp_grpc", "test").path();
  const auto dir = std::filesystem::temp_directory_path() / ("gofr-modules-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(built, dir / "libgofr_otlp_grpc.so", std::filesystem::copy_options::overwrite_existing);
  ::setenv("GOFR_MODULE_PATH", ("/nonexistent:" + dir.string()).c_str(), 1);
  const auto module = SharedLibrary::load_module("otlp_grpc", "test");
  ::unsetenv("GOFR_MODULE_PATH");
  EXPECT_EQ(module.path(), (dir / "libgofr_otlp_grpc.so").string());
  EXPECT_NE(module.function<gofr_otlp_grpc_open_fn>("gofr_otlp_grpc_open"), nullptr);
  std::filesystem::remove_all(dir);
}

TEST(SharedLibrary, AMissingFunctionSaysTheLibraryIsTooOld) {
  const auto module = SharedLibrary::load_module("otlp_grpc", "OTLP over gRPC");
  const auto message = failure_of([&] { module.function<void (*)()>("gofr_otlp_grpc_absent"); });
  EXPECT_NE(message.find("OTLP over gRPC: "), std::string::npos) << message;
  EXPECT_NE(message.find("has no gofr_otlp_grpc_absent"), std::string::npos) << message;
}

TEST(SharedLibrary, TheDatabaseClientsLoadWithEveryFunctionTheDriversCall) {
  const auto& pq = sql::detail::libpq();
#define GOFR_EXPECT_LOADED(name) EXPECT_NE(pq.name, nullptr) << #name;
  GOFR_LIBPQ_FUNCTIONS(GOFR_EXPECT_LOADED)
#undef GOFR_EXPECT_LOADED
  const auto& sqlite = sql::detail::libsqlite3();
#define GOFR_EXPECT_LOADED(name) EXPECT_NE(sqlite.name, nullptr) << #name;
  GOFR_SQLITE3_FUNCTIONS(GOFR_EXPECT_LOADED)
#undef GOFR_EXPECT_LOADED
}

}  // namespace
}  // namespace gofr::detail
