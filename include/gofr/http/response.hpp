#pragma once
// Response types a handler may return instead of plain data (gofr-behaviour §1.5, §4.2). Plain data `T` is
// serialised with Boost.JSON (described structs, strings, numbers, containers, json::value) into GoFr's envelope
// {"data":…}; the status follows GoFr's rules (POST with data → 201, POST without → 202, DELETE → 204, …).
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>

#include "gofr/http/error.hpp"
#include "gofr/task.hpp"

namespace gofr::response {

using Headers = std::vector<std::pair<std::string, std::string>>;

// {"metadata":…,"data":…} plus response headers.
struct Response {
  boost::json::value data;
  boost::json::value metadata;
  Headers headers;
};

// The JSON of `data` with no envelope.
struct Raw {
  boost::json::value data;
};

// Bytes as they are, e.g. an echo or a download. An empty content type means application/octet-stream.
struct Bytes {
  std::string content;
  std::string content_type;
};

// GoFr's File{Content, ContentType}.
using File = Bytes;

// 302 for GET, DELETE and others; 303 for POST, PUT and PATCH (GoFr's rule). No body.
struct Redirect {
  std::string url;
};

// Data together with an error: 206 Partial Content with {"error":{…},"data":…}.
struct Partial {
  template <class T, class E>
  Partial(const T& value, E err) : data(boost::json::value_from(value)), error(std::make_shared<E>(std::move(err))) {}
  boost::json::value data;
  std::shared_ptr<const http::Error> error;
};

// No data: 200 `{}` for GET, 202 `{}` for POST, 204 for DELETE.
struct Empty {};

// Receives the chunks of a streamed response. `write` completes when the chunk is handed to the socket and
// throws when the client has gone away. Use it only inside the producer, on the request's thread.
class StreamWriter {
 public:
  virtual ~StreamWriter() = default;
  virtual Task<void> write(std::string_view chunk) = 0;
};

// A body produced while it is sent: HTTP/1.1 clients get `Transfer-Encoding: chunked`, HTTP/1.0 clients a body
// delimited by closing the connection. The status is 200. An exception from `produce` after the first chunk
// aborts the connection without the final chunk, so the client sees a truncated response, never a complete one.
struct Stream {
  std::string content_type;
  std::function<Task<void>(StreamWriter&)> produce;
};

}  // namespace gofr::response
