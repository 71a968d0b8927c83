// Built against the installed package by scripts/check-install.sh: registers a route, serves on an
// ephemeral port, and shuts down, proving headers, library and CMake package work outside the source tree.
#include <thread>

#include <gofr/gofr.hpp>

int main() {
  gofr::App app(gofr::Config({{"HTTP_PORT", "0"}, {"LOG_LEVEL", "ERROR"}}));
  app.get("/hello", [](gofr::Context&) { return "Hello World!"; });
  std::thread stopper([&] {
    if (app.wait_until_serving()) app.shutdown();
  });
  const int code = app.run();
  stopper.join();
  return code == 0 ? 0 : 1;
}
