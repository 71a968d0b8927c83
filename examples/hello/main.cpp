// The sample service: `make run` starts it on HTTP_PORT (8000).
//   curl localhost:8000/hello              → {"data":"Hello World!"}
//   curl localhost:8000/hello?name=Ada     → {"data":"Hello Ada!"}
//   curl localhost:8000/.well-known/health → {"data":{"name":"hello","status":"UP",…}}
#include <gofr/gofr.hpp>

struct Greeting {
  std::string name;
  std::string message;
};
BOOST_DESCRIBE_STRUCT(Greeting, (), (name, message))

int main() {
  gofr::App app;

  app.get("/hello", [](gofr::Context& ctx) -> std::string {
    const auto name = ctx.param("name");
    if (name.empty()) return "Hello World!";
    return "Hello " + name + "!";
  });

  // POST a JSON greeting: 201 with the greeting back, 400 naming the field on bad input.
  app.post("/greetings", [](gofr::Context& ctx) {
    auto greeting = ctx.bind<Greeting>();
    if (greeting.name.empty()) throw gofr::http::MissingParam({"name"});
    return greeting;
  });

  app.get("/greetings/{name}", [](gofr::Context& ctx) {
    return Greeting{std::string(ctx.path_param("name")), "Hello " + std::string(ctx.path_param("name")) + "!"};
  });

  return app.run();
}
