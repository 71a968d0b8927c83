// The trace-propagation contract conformance harnesses drive (the W3C trace-context test service):
//   POST /test  with [{"url": "...", "arguments": <json>}, ...]
// calls each url in order with POST and the JSON body `arguments`, through the framework's outbound client, so
// `traceparent` (with a new parent id per call), `tracestate` and `baggage` are propagated; then answers 200.
#include <boost/json/serialize.hpp>
#include <gofr/gofr.hpp>
#include <gofr/service/http_client.hpp>

int main() {
  gofr::App app;
  app.post("/test", [](gofr::Context& ctx) -> gofr::Task<gofr::response::Bytes> {
    const auto calls = ctx.bind<boost::json::value>();
    if (!calls.is_array()) throw gofr::http::BadRequest("expected a JSON array of {\"url\", \"arguments\"}");
    for (const auto& call : calls.get_array()) {
      const auto* object = call.if_object();
      const auto* url = object ? object->if_contains("url") : nullptr;
      if (!url || !url->is_string()) throw gofr::http::BadRequest("every call needs a string \"url\"");
      const auto* arguments = object->if_contains("arguments");
      gofr::service::CallOptions options(gofr::service::Headers{{"Content-Type", "application/json"}});
      std::string body = arguments ? boost::json::serialize(*arguments) : std::string("null");
      co_await gofr::service::post(ctx, std::string(url->get_string()), std::move(body), std::move(options));
    }
    co_return gofr::response::Bytes{"", "text/plain"};  // 200, whatever the method (not GoFr's 201/202)
  });
  return app.run();
}
