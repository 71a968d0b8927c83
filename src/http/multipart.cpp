#include "http/multipart.hpp"
#include "util/http_grammar.hpp"

#include <boost/beast/core/string.hpp>

namespace gofr::http {

namespace {

// Reads `key=value` or `key="quoted value"` parameters after the first ';' of a header value.
std::optional<std::string> header_parameter(std::string_view value, std::string_view key) {
  std::size_t pos = value.find(';');
  while (pos != std::string_view::npos) {
    value.remove_prefix(pos + 1);
    const auto eq = value.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    const auto name = util::trim_ows(value.substr(0, eq));
    value.remove_prefix(eq + 1);
    value = util::trim_ows(value);
    std::string parsed;
    if (!value.empty() && value.front() == '"') {
      std::size_t i = 1;
      for (; i < value.size() && value[i] != '"'; ++i) {
        if (value[i] == '\\' && i + 1 < value.size()) ++i;
        parsed.push_back(value[i]);
      }
      value.remove_prefix(std::min(i + 1, value.size()));
      pos = value.find(';');
    } else {
      pos = value.find(';');
      parsed.assign(util::trim_ows(value.substr(0, pos)));
    }
    if (boost::beast::iequals(name, key)) return parsed;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  auto boundary = header_parameter(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 70) return std::nullopt;
  return boundary;
}

std::optional<std::vector<MultipartPart>> parse_multipart(std::string_view body, std::string_view boundary,
                                                          std::string& error) {
  const std::string delimiter = "--" + std::string(boundary);
  std::vector<MultipartPart> parts;

  auto first = body.find(delimiter);
  if (first == std::string_view::npos) {
    error = "multipart body has no boundary line";
    return std::nullopt;
  }
  std::size_t pos = first + delimiter.size();
  for (;;) {
    if (body.substr(pos, 2) == "--") return parts;  // closing delimiter
    // Transport padding, then CRLF.
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (body.substr(pos, 2) != "\r\n") {
      error = "malformed multipart boundary line";
      return std::nullopt;
    }
    pos += 2;

    MultipartPart part;
    bool has_disposition = false;
    // Part headers up to the empty line.
    for (;;) {
      const auto eol = body.find("\r\n", pos);
      if (eol == std::string_view::npos) {
        error = "multipart part headers are not terminated";
        return std::nullopt;
      }
      const auto line = body.substr(pos, eol - pos);
      pos = eol + 2;
      if (line.empty()) break;
      const auto colon = line.find(':');
      if (colon == std::string_view::npos) {
        error = "malformed multipart part header";
        return std::nullopt;
      }
      const auto name = util::trim_ows(line.substr(0, colon));
      const auto value = util::trim_ows(line.substr(colon + 1));
      if (boost::beast::iequals(name, "Content-Disposition")) {
        if (!boost::beast::iequals(value.substr(0, value.find(';')), "form-data")) {
          error = "multipart part is not form-data";
          return std::nullopt;
        }
        auto field = header_parameter(value, "name");
        if (!field) {
          error = "multipart part has no name";
          return std::nullopt;
        }
        part.name = std::move(*field);
        part.filename = header_parameter(value, "filename");
        has_disposition = true;
      } else if (boost::beast::iequals(name, "Content-Type")) {
        part.content_type.assign(value);
      }
    }
    if (!has_disposition) {
      error = "multipart part has no Content-Disposition";
      return std::nullopt;
    }
    const std::string separator = "\r\n" + delimiter;
    const auto end = body.find(separator, pos);
    if (end == std::string_view::npos) {
      error = "multipart body is not terminated by its boundary";
      return std::nullopt;
    }
    part.data = body.substr(pos, end - pos);
    parts.push_back(std::move(part));
    pos = end + separator.size();
  }
}

}  // namespace gofr::http
