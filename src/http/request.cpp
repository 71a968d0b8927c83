#include "gofr/http/request.hpp"

#include <boost/beast/core/string.hpp>

#include "http/request_data.hpp"

namespace gofr::http {

std::string_view Request::method() const noexcept { return data_->method; }
std::string_view Request::target() const noexcept { return data_->message->target(); }
std::string_view Request::path() const noexcept { return data_->path; }
std::string_view Request::query() const noexcept { return data_->query; }
unsigned Request::version() const noexcept { return data_->message->version(); }
std::string_view Request::body() const noexcept { return data_->message->body(); }
bool Request::secure() const noexcept { return data_->secure; }

std::string_view Request::header(std::string_view name) const noexcept {
  const auto& fields = *data_->message;
  auto it = fields.find(name);
  if (it == fields.end()) return {};
  const auto value = it->value();
  return {value.data(), value.size()};
}

std::vector<std::string_view> Request::header_values(std::string_view name) const {
  std::vector<std::string_view> out;
  for (auto [it, end] = data_->message->equal_range(name); it != end; ++it) out.push_back(it->value());
  return out;
}

void Request::for_each_header(const std::function<void(std::string_view, std::string_view)>& visit) const {
  for (const auto& field : *data_->message) visit(field.name_string(), field.value());
}

std::string Request::remote_address() const {
  return data_->remote_text.empty() ? detail::format_endpoint(data_->remote) : std::string(data_->remote_text);
}

}  // namespace gofr::http

namespace gofr::http::detail {

std::string format_endpoint(const boost::asio::ip::tcp::endpoint& endpoint) {
  auto addr = endpoint.address();
  if (addr.is_v6() && addr.to_v6().is_v4_mapped()) {
    addr = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, addr.to_v6());
  }
  const auto text = addr.is_v6() ? "[" + addr.to_string() + "]" : addr.to_string();
  return text + ":" + std::to_string(endpoint.port());
}

}  // namespace gofr::http::detail
