#include "gofr/http/request.hpp"

#include "http/request_data.hpp"

namespace gofr::http {

std::string_view Request::method() const noexcept { return data_->method; }
std::string_view Request::target() const noexcept {
  if (!data_->message) return data_->path;
  return data_->message->target();
}
std::string_view Request::path() const noexcept { return data_->path; }
std::string_view Request::query() const noexcept { return data_->query; }
unsigned Request::version() const noexcept { return data_->message ? data_->message->version() : 20; }
std::string_view Request::body() const noexcept {
  if (!data_->message) return {};
  return data_->message->body();
}
bool Request::secure() const noexcept { return data_->secure; }

std::string_view Request::header(std::string_view name) const noexcept {
  if (!data_->message) return data_->headers ? data_->headers->find(name) : std::string_view();
  return data_->message->find(name);
}

std::vector<std::string_view> Request::header_values(std::string_view name) const {
  std::vector<std::string_view> out;
  if (!data_->message) {
    if (data_->headers) data_->headers->find_all(name, [&out](std::string_view value) { out.push_back(value); });
    return out;
  }
  data_->message->for_each_value(name, [&out](std::string_view value) { out.push_back(value); });
  return out;
}

void Request::for_each_header(const std::function<void(std::string_view, std::string_view)>& visit) const {
  if (!data_->message) {
    if (data_->headers) data_->headers->for_each(visit);
    return;
  }
  const auto& head = *data_->message;
  for (std::size_t i = 0; i < head.size(); ++i) visit(head[i].name, head[i].value);
}

std::string Request::remote_address() const {
  if (!data_->message && data_->headers) return data_->headers->remote_address();
  return data_->remote_text.empty() ? detail::format_endpoint(data_->remote) : std::string(data_->remote_text);
}

}  // namespace gofr::http

namespace gofr::http::detail {

std::string format_endpoint(const boost::asio::ip::tcp::endpoint& endpoint) {
  auto addr = endpoint.address();
  if (addr.is_v6() && addr.to_v6().is_v4_mapped()) {
    addr = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, addr.to_v6());
  }
  std::string text;
  if (addr.is_v6()) {
    text.append("[").append(addr.to_string()).append("]");
  } else {
    text = addr.to_string();
  }
  return text.append(":").append(std::to_string(endpoint.port()));
}

}  // namespace gofr::http::detail
