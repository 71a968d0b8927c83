#include "gofr/http/bind.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/describe/class.hpp>
#include <gtest/gtest.h>

#include "http/request_data.hpp"
#include "http/request_parser.hpp"

namespace gofr::http {
namespace {

struct Line {
  std::string sku;
  double price = 0;
};
BOOST_DESCRIBE_STRUCT(Line, (), (sku, price))

struct Order {
  int id = 0;
  std::string customer;
  std::vector<Line> lines;
  std::optional<std::string> note;
  std::vector<std::string> tags;
  bool express = false;
};
BOOST_DESCRIBE_STRUCT(Order, (), (id, customer, lines, note, tags, express))

// A request with the given content type and body, as the server would hand it to a handler.
struct FakeRequest {
  FakeRequest(std::string_view content_type, std::string_view body) {
    std::string raw = "POST /orders HTTP/1.1\r\nHost: test\r\n";
    if (!content_type.empty()) raw += "Content-Type: " + std::string(content_type) + "\r\n";
    raw += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    raw += body;
    detail::RequestParser parser(message);
    parser.eager(true);
    boost::system::error_code ec;
    parser.put(boost::asio::buffer(raw), ec);
    EXPECT_FALSE(ec) << ec.message();
    EXPECT_TRUE(parser.is_done());
    data.message = &message;
    data.method = "POST";
  }
  detail::RequestHead message;
  detail::RequestData data;
  Request request() const { return Request(data); }
};

template <class T>
T bind(std::string_view type, std::string body) {
  FakeRequest fake(type, std::move(body));
  T out{};
  detail::bind_body(out, fake.request());
  return out;
}

std::string error_of(std::string_view type, std::string body) {
  try {
    bind<Order>(type, std::move(body));
  } catch (const Error& e) {
    return std::to_string(e.status()) + " " + e.what();
  }
  return "no error";
}

TEST(Bind, JsonIntoNestedDescribedStructs) {
  auto o = bind<Order>("application/json; charset=utf-8",
                       R"({"id":7,"customer":"ada","lines":[{"sku":"a","price":1.5}],"note":null,"extra":1})");
  EXPECT_EQ(o.id, 7);
  EXPECT_EQ(o.customer, "ada");
  ASSERT_EQ(o.lines.size(), 1u);
  EXPECT_EQ(o.lines[0].price, 1.5);
  EXPECT_FALSE(o.note);
  EXPECT_EQ(bind<Order>("application/vnd.api+json", R"({"note":"x"})").note, "x");
}

TEST(Bind, JsonErrorsNameTheField) {
  EXPECT_EQ(error_of("application/json", R"({"id":"7"})"), "400 invalid value for field 'id': expected an integer");
  EXPECT_EQ(error_of("application/json", R"({"lines":[{"sku":"a"},{"price":"x"}]})"),
            "400 invalid value for field 'lines[1].price': expected a number");
  EXPECT_EQ(error_of("application/json", R"([1])"), "400 invalid value for field 'body': expected an object");
  EXPECT_EQ(error_of("application/json", "{bad"), "400 request body is not valid JSON: syntax error");
  EXPECT_EQ(error_of("application/json", ""), "400 request body is empty: expected JSON");
  EXPECT_EQ(error_of("text/plain", "x"), "415 cannot bind a body of Content-Type 'text/plain'");
  EXPECT_EQ(error_of("", "x"), "415 request has no Content-Type: cannot bind the body");
}

TEST(Bind, FormFieldsWithListsAndTypes) {
  auto o = bind<Order>("application/x-www-form-urlencoded", "id=3&customer=a+b&tags=x,y&tags=z&express=true");
  EXPECT_EQ(o.id, 3);
  EXPECT_EQ(o.customer, "a b");
  EXPECT_EQ(o.tags, (std::vector<std::string>{"x", "y", "z"}));
  EXPECT_TRUE(o.express);
  EXPECT_EQ(error_of("application/x-www-form-urlencoded", "id=three"),
            "400 invalid value for field 'id': expected an integer");
}

TEST(Bind, RawBodyIntoAString) {
  EXPECT_EQ(bind<std::string>("application/octet-stream", "\x01\x02"), "\x01\x02");
  EXPECT_EQ(bind<std::string>("", "anything"), "anything");
}

}  // namespace
}  // namespace gofr::http
