#include "http/wire.hpp"

#include <chrono>
#include <algorithm>
#include <cctype>
#include <ctime>

#include <boost/beast/core/string.hpp>

#include "logging/json_escape.hpp"
#include "logging/line_builder.hpp"
#include "util/http_grammar.hpp"

namespace gofr::http {

std::string_view reason_phrase(int status) noexcept {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 206:
      return "Partial Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 411:
      return "Length Required";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 417:
      return "Expectation Failed";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 499:
      return "Client Closed Request";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "";
  }
}

namespace {

// "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n", formatted at most once per second per thread.
std::string_view date_header() {
  thread_local std::time_t cached_second = -1;
  thread_local char line[64];
  thread_local std::size_t length = 0;
  // The coarse clock (the kernel's last tick, no TSC read) is exact enough for a field with one-second resolution.
  timespec coarse{};
  ::clock_gettime(CLOCK_REALTIME_COARSE, &coarse);
  const std::time_t now = coarse.tv_sec;
  if (now != cached_second) {
    std::tm tm{};
    ::gmtime_r(&now, &tm);
    length = std::strftime(line, sizeof line, "Date: %a, %d %b %Y %H:%M:%S GMT\r\n", &tm);
    cached_second = now;
  }
  return {line, length};
}

bool unsafe_in_value(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return (u < 0x20 && c != '\t') || u == 0x7F;
}

// A control character in a value would end the header or start another: each becomes a space. Values nearly never
// have one, so clean runs are copied whole.
void append_safe_value(logging::LineBuilder& out, std::string_view value) {
  while (!value.empty()) {
    const auto bad = std::find_if(value.begin(), value.end(), unsafe_in_value);
    out << value.substr(0, static_cast<std::size_t>(bad - value.begin()));
    if (bad == value.end()) return;
    out << ' ';
    value.remove_prefix(static_cast<std::size_t>(bad - value.begin()) + 1);
  }
}

}  // namespace

bool body_allowed(int status) noexcept { return !(status < 200 || status == 204 || status == 304); }

// Pieces go through a LineBuilder: a dozen std::string::append calls, each out of line, were most of the cost.
void serialize_head(std::string& head, const Response& response, const WireOptions& options, std::string_view extra) {
  logging::LineBuilder out(head);
  const int status = response.status >= 100 && response.status <= 599 ? response.status : 500;
  const char code[] = {'H', 'T', 'T', 'P', '/', '1', '.', '1', ' ', static_cast<char>('0' + status / 100 % 10),
                       static_cast<char>('0' + status / 10 % 10), static_cast<char>('0' + status % 10), ' '};
  out << std::string_view(code, sizeof code) << reason_phrase(status) << "\r\n" << date_header();
  if (options.streamed) {
    if (!options.http10) out << "Transfer-Encoding: chunked\r\n";
  } else if (body_allowed(status)) {
    out << "Content-Length: " << response.body.size() << "\r\n";
  }
  if (!options.keep_alive) {
    out << "Connection: close\r\n";
  } else if (options.http10) {
    out << "Connection: keep-alive\r\n";
  }
  for (const auto& [name, value] : response.headers) {
    if (boost::beast::iequals(name, "Content-Length") || boost::beast::iequals(name, "Transfer-Encoding") ||
        boost::beast::iequals(name, "Connection") || boost::beast::iequals(name, "Date")) {
      continue;  // framing is the server's job
    }
    if (!util::is_token(name)) continue;
    out << name << ": ";
    append_safe_value(out, value);
    out << "\r\n";
  }
  out << extra << "\r\n";
}

std::string simple_error_response(int status, std::string_view message) {
  Response response;
  response.status = status;
  response.body = R"({"error":{"message":")";
  logging::append_json_escaped(response.body, message);
  response.body.append("\"}}\n");
  response.headers.emplace_back("Content-Type", "application/json");
  std::string out;
  serialize_head(out, response, {.keep_alive = false});
  out.append(response.body);
  return out;
}

}  // namespace gofr::http
