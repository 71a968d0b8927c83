// Answers every method on "/" with 200 and the request body exactly as it came, with its Content-Type.
//   curl -X PUT --data-binary @file localhost:8000/
#include <gofr/gofr.hpp>

int main() {
  gofr::App app;
  auto echo = [](gofr::Context& ctx) {
    return gofr::response::Bytes{std::string(ctx.request().body()), std::string(ctx.header("Content-Type"))};
  };
  for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}) app.add(method, "/", echo);
  return app.run();
}
