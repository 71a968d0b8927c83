#include "http/request_head.hpp"

#include <optional>

#include <boost/beast/core/string.hpp>

namespace gofr::http::detail {

namespace {

void empty(std::string& s) noexcept {
  if (s.capacity() > RequestHead::kept_capacity) {
    std::string().swap(s);
  } else {
    s.clear();
  }
}

using Known = RequestHead::Known;

// The names of the Known fields but User-Agent (Beast knows that one), by length: no two have the same, so the
// length alone picks the one name to compare.
struct KnownName {
  std::string_view name;
  Known known;
};
constexpr KnownName known_names[] = {
    {"traceparent", Known::traceparent},
    {"grpc-timeout", Known::grpc_timeout},
    {"X-Forwarded-For", Known::forwarded_for},
    {"X-Request-Attempt", Known::request_attempt},
    {"X-Request-Deadline", Known::request_deadline},
    {"X-Request-Timeout-Ms", Known::request_timeout_ms},
    {"x-envoy-attempt-count", Known::envoy_attempt_count},
    {"grpc-previous-rpc-attempts", Known::grpc_previous_rpc_attempts},
    {"x-envoy-expected-rq-timeout-ms", Known::envoy_expected_rq_timeout_ms},
};
constexpr std::size_t longest_known_name = 30;

constexpr auto known_by_length = [] {
  std::array<const KnownName*, longest_known_name + 1> by_length{};
  for (const auto& k : known_names) {
    // Evaluated at compile time, so a second name of one length stops the build here.
    if (by_length[k.name.size()] != nullptr) throw "two Known names of the same length";
    by_length[k.name.size()] = &k;
  }
  return by_length;
}();

std::optional<Known> known_field(RequestHead::field id, std::string_view name) noexcept {
  if (id == RequestHead::field::user_agent) return Known::user_agent;
  if (name.size() > longest_known_name) return std::nullopt;
  const KnownName* k = known_by_length[name.size()];
  if (k != nullptr && boost::beast::iequals(name, k->name)) return k->known;
  return std::nullopt;
}

}  // namespace

void RequestHead::clear() noexcept {
  empty(text_);
  empty(body_);
  fields_.clear();
  known_.fill(0);
  method_text_ = target_ = {};
  method_ = verb::unknown;
  version_ = 11;
}

RequestHead::Piece RequestHead::keep(std::string_view text) {
  const Piece p{static_cast<std::uint32_t>(text_.size()), static_cast<std::uint32_t>(text.size())};
  text_.append(text);
  return p;
}

void RequestHead::set_request_line(verb method, std::string_view method_text, std::string_view target,
                                   unsigned version) {
  method_ = method;
  method_text_ = keep(method_text);
  target_ = keep(target);
  version_ = version;
}

void RequestHead::add_field(field id, std::string_view name, std::string_view value) {
  const auto n = keep(name);
  fields_.push_back({id, n, keep(value)});
  if (const auto known = known_field(id, name)) {
    auto& first = known_[static_cast<std::size_t>(*known)];
    if (first == 0) first = static_cast<std::uint32_t>(fields_.size());
  }
}

std::string_view RequestHead::operator[](Known k) const noexcept {
  const auto first = known_[static_cast<std::size_t>(k)];
  return first == 0 ? std::string_view() : view(fields_[first - 1].value);
}

RequestHead::Field RequestHead::operator[](std::size_t i) const noexcept {
  const auto& e = fields_[i];
  return {e.id, view(e.name), view(e.value)};
}

std::string_view RequestHead::operator[](field id) const noexcept {
  for (const auto& e : fields_) {
    if (e.id == id) return view(e.value);
  }
  return {};
}

bool RequestHead::matches(const Entry& e, std::string_view name) const noexcept {
  return e.name.size == name.size() && boost::beast::iequals(view(e.name), name);
}

std::string_view RequestHead::find(std::string_view name) const noexcept {
  for (const auto& e : fields_) {
    if (matches(e, name)) return view(e.value);
  }
  return {};
}

std::size_t RequestHead::count(field id) const noexcept {
  std::size_t n = 0;
  for (const auto& e : fields_) n += e.id == id;
  return n;
}

}  // namespace gofr::http::detail
