#include "http/request_validation.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/url/parse.hpp>

#include "http/path.hpp"
#include "util/http_grammar.hpp"

namespace gofr::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using detail::RequestHead;
using detail::RequestData;

namespace {

bool is_standard_method(std::string_view m) {
  for (std::string_view s : {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT"})
    if (m == s) return true;
  return false;
}

// RFC 9112 §6: only "chunked" is implemented; it must be applied once and last.
std::optional<Rejection> check_framing(const RequestHead& msg) {
  const auto content_lengths = msg.count(bhttp::field::content_length);
  std::vector<std::string_view> codings;
  msg.for_each_value(bhttp::field::transfer_encoding, [&codings](std::string_view value) {
    while (!value.empty()) {
      const auto comma = value.find(',');
      auto coding = util::trim_ows(value.substr(0, comma));
      if (const auto semi = coding.find(';'); semi != std::string_view::npos) coding = util::trim_ows(coding.substr(0, semi));
      if (!coding.empty()) codings.push_back(coding);
      if (comma == std::string_view::npos) break;
      value.remove_prefix(comma + 1);
    }
  });
  if (content_lengths > 1) return Rejection{400, "multiple Content-Length headers"};
  if (content_lengths == 1 && msg[bhttp::field::content_length].find(',') != std::string_view::npos) {
    return Rejection{400, "multiple Content-Length values"};
  }
  // RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 means the framing is faulty (a 1.0 proxy in front would not
  // have understood it): refusing it closes a request-smuggling path.
  if (!codings.empty() && msg.version() < 11) return Rejection{400, "Transfer-Encoding is not allowed in HTTP/1.0"};
  if (codings.empty()) {
    if (msg.count(bhttp::field::transfer_encoding) > 0) return Rejection{400, "empty Transfer-Encoding header"};
    return std::nullopt;
  }
  if (content_lengths > 0) return Rejection{400, "request has both Content-Length and Transfer-Encoding"};
  for (auto coding : codings) {
    if (!beast::iequals(coding, "chunked")) {
      return Rejection{501, "unsupported transfer coding: " + std::string(coding)};
    }
  }
  if (codings.size() > 1) return Rejection{400, "chunked transfer coding applied more than once"};
  return std::nullopt;
}

// A reg-name's characters (RFC 3986 §3.2.2: unreserved, sub-delims and the '%' of pct-encoded), as a table: the
// Host header is checked on every request.
constexpr auto reg_name_char = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) {
    table[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
  for (const char c : std::string_view("-._~!$&'()*+,;=%")) table[static_cast<unsigned char>(c)] = true;
  return table;
}();

// RFC 9110 §7.2: Host = uri-host [ ":" port ], uri-host an IP-literal or a reg-name (no userinfo).
bool valid_host(std::string_view host) {
  std::size_t i = 0;
  if (!host.empty() && host.front() == '[') {
    const auto close = host.find(']');
    if (close == std::string_view::npos || close < 3) return false;
    for (char c : host.substr(1, close - 1)) {
      if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.')) return false;
    }
    i = close + 1;
  } else {
    while (i < host.size() && host[i] != ':') {
      if (!reg_name_char[static_cast<unsigned char>(host[i++])]) return false;
    }
  }
  if (i == host.size()) return true;
  if (host[i] != ':') return false;
  const auto port = host.substr(i + 1);
  return port.size() <= 5 && std::ranges::all_of(port, [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<Rejection> check_host(const RequestHead& msg) {
  const auto hosts = msg.count(bhttp::field::host);
  if (hosts > 1) return Rejection{400, "multiple Host headers"};
  // RFC 9112 §3.2: every HTTP/1.1 request carries Host, even in absolute form (whose authority then wins).
  if (hosts == 0) {
    if (msg.version() >= 11) return Rejection{400, "missing Host header"};
    return std::nullopt;
  }
  const auto host = msg[bhttp::field::host];
  if (!valid_host(host)) return Rejection{400, "invalid Host header"};
  return std::nullopt;
}

// Splits the request target into path, query and (for absolute-form) host.
std::optional<Rejection> parse_target(const RequestHead& msg, RequestData& data) {
  const std::string_view target = msg.target();
  std::string_view raw_path;
  if (!target.empty() && target.front() == '/') {
    const auto q = target.find('?');
    raw_path = target.substr(0, q);
    data.query = q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
    if (target.find('#') != std::string_view::npos) return Rejection{400, "request target must not contain '#'"};
    data.host = msg[bhttp::field::host];
  } else if (target == "*") {
    if (data.method != "OPTIONS") return Rejection{400, "'*' is only a valid target for OPTIONS"};
    data.path = "*";
    data.host = msg[bhttp::field::host];
    return std::nullopt;
  } else {
    auto url = boost::urls::parse_absolute_uri(target);
    if (!url || !url->has_authority() ||
        !(beast::iequals(url->scheme(), "http") || beast::iequals(url->scheme(), "https"))) {
      return Rejection{400, "invalid request target"};
    }
    raw_path = url->encoded_path();
    data.query = url->encoded_query();
    data.host = url->encoded_host_and_port();
    if (raw_path.empty()) raw_path = "/";
  }
  data.path = http::clean_path(raw_path, data.cleaned_path);
  return std::nullopt;
}

}  // namespace

Rejection rejection_for(const boost::system::error_code& ec, std::string_view head) {
  if (ec == bhttp::error::bad_version) {
    // "METHOD target HTTP/x.y": a syntactically valid version Beast refuses is a major version we do not speak.
    const auto line = head.substr(0, head.find_first_of("\r\n"));
    const auto v = line.size() >= 8 ? line.substr(line.size() - 8) : std::string_view{};
    if (v.starts_with("HTTP/") && std::isdigit(static_cast<unsigned char>(v[5])) && v[6] == '.' &&
        std::isdigit(static_cast<unsigned char>(v[7])) && v[5] != '1') {
      return {505, "HTTP version not supported"};
    }
  }
  if (ec == bhttp::error::header_limit) return {431, "request header fields too large"};
  if (ec == bhttp::error::body_limit) return {413, "request body too large"};
  if (ec == bhttp::error::bad_content_length) return {400, "invalid Content-Length header"};
  if (ec == bhttp::error::multiple_content_length) return {400, "multiple Content-Length headers"};
  if (ec == bhttp::error::bad_transfer_encoding) return {400, "invalid Transfer-Encoding header"};
  if (ec == bhttp::error::bad_chunk || ec == bhttp::error::bad_chunk_extension) return {400, "malformed chunked body"};
  if (ec == bhttp::error::bad_method) return {400, "malformed request method"};
  if (ec == bhttp::error::bad_target) return {400, "malformed request target"};
  if (ec == bhttp::error::bad_version) return {400, "malformed HTTP version"};
  if (ec == bhttp::error::bad_field) return {400, "malformed header field name"};
  if (ec == bhttp::error::bad_value) return {400, "malformed header field value"};
  if (ec == bhttp::error::bad_obs_fold) return {400, "obsolete line folding is not allowed"};
  if (ec == bhttp::error::bad_line_ending) return {400, "malformed line ending"};
  return {400, "malformed request: " + ec.message()};
}

std::optional<Rejection> validate_request(const RequestHead& msg, RequestData& data) {
  if (msg.version() != 10 && msg.version() != 11) return Rejection{505, "HTTP version not supported"};
  if (!is_standard_method(data.method)) return Rejection{501, "method not implemented: " + std::string(data.method)};
  if (data.method == "CONNECT") return Rejection{501, "CONNECT is not supported"};
  if (auto r = check_framing(msg)) return r;
  if (auto r = check_host(msg)) return r;
  return parse_target(msg, data);
}

Expectation expectation_of(const RequestHead& msg) {
  const auto expect = msg[bhttp::field::expect];
  if (expect.empty()) return Expectation::none;
  if (!beast::iequals(util::trim_ows(expect), "100-continue")) return Expectation::unsupported;
  return msg.version() >= 11 ? Expectation::continue_100 : Expectation::none;
}

}  // namespace gofr::http
