#include "http/request_head.hpp"

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

}  // namespace

void RequestHead::clear() noexcept {
  empty(text_);
  empty(body_);
  fields_.clear();
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
