#include "gofr/http/bind.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/json/parse.hpp>
#include <fmt/format.h>

#include "http/multipart.hpp"
#include "http/query.hpp"

namespace gofr::http::detail {

namespace {

std::string_view media_type(std::string_view content_type) {
  auto semi = content_type.find(';');
  auto type = content_type.substr(0, semi);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  return type;
}

bool is_json(std::string_view type) {
  return boost::beast::iequals(type, "application/json") ||
         (type.size() > 5 && boost::beast::iequals(type.substr(type.size() - 5), "+json"));
}

}  // namespace

void throw_field_error(std::string_view field, std::string_view expected) {
  throw BadRequest(fmt::format("invalid value for field '{}': expected {}", field, expected));
}

ParsedBody parse_body(const Request& request) {
  const auto content_type = request.header("Content-Type");
  const auto type = media_type(content_type);
  ParsedBody out{ParsedBody::Kind::json, {}, {}};
  if (is_json(type)) {
    boost::system::error_code ec;
    out.json = boost::json::parse(request.body(), ec);
    if (ec) {
      throw BadRequest(request.body().empty() ? std::string("request body is empty: expected JSON")
                                              : "request body is not valid JSON: " + ec.message());
    }
    return out;
  }
  if (boost::beast::iequals(type, "application/x-www-form-urlencoded")) {
    out.kind = ParsedBody::Kind::form;
    for_each_query_pair(request.body(), [&](std::string_view name, std::string_view value) {
      out.parts.push_back({std::string(name), std::string(value), std::nullopt});
      return true;
    });
    return out;
  }
  if (boost::beast::iequals(type, "multipart/form-data")) {
    out.kind = ParsedBody::Kind::multipart;
    auto boundary = multipart_boundary(content_type);
    if (!boundary) throw BadRequest("multipart/form-data request has no valid boundary parameter");
    std::string error;
    auto parts = parse_multipart(request.body(), *boundary, error);
    if (!parts) throw BadRequest("malformed multipart/form-data body: " + error);
    for (auto& p : *parts) {
      FormPart part{std::move(p.name), {}, std::nullopt};
      if (p.filename) {
        part.file = FileHeader{std::move(*p.filename), std::move(p.content_type), std::string(p.data)};
      } else {
        part.value.assign(p.data);
      }
      out.parts.push_back(std::move(part));
    }
    return out;
  }
  if (type.empty()) throw UnsupportedMediaType("request has no Content-Type: cannot bind the body");
  throw UnsupportedMediaType(fmt::format("cannot bind a body of Content-Type '{}'", type));
}

}  // namespace gofr::http::detail
