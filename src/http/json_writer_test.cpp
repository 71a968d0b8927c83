#include "http/json_writer.hpp"

#include <limits>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace gofr::http {
namespace {

TEST(JsonWriter, WritesNumbersLikeGo) {
  EXPECT_EQ(to_json(boost::json::value(1.5)), "1.5");
  EXPECT_EQ(to_json(boost::json::value(0.0)), "0");
  EXPECT_EQ(to_json(boost::json::value(-42)), "-42");
  EXPECT_EQ(to_json(boost::json::value(18446744073709551615ull)), "18446744073709551615");
  EXPECT_EQ(to_json(boost::json::value(std::numeric_limits<double>::infinity())), "null");
  // Go: strconv 'f' format between 1e-6 and 1e21, 'e' outside, "e-07" shortened to "e-7".
  EXPECT_EQ(to_json(boost::json::value(1e-5)), "0.00001");
  EXPECT_EQ(to_json(boost::json::value(1e-7)), "1e-7");
  EXPECT_EQ(to_json(boost::json::value(1e16)), "10000000000000000");
  EXPECT_EQ(to_json(boost::json::value(1e21)), "1e+21");
  EXPECT_EQ(to_json(boost::json::value(0.1)), "0.1");
  EXPECT_EQ(to_json(boost::json::value(-2.5e-10)), "-2.5e-10");
}

TEST(JsonWriter, EscapesStringsLikeGo) {
  EXPECT_EQ(to_json(boost::json::value("<a href='x'>&</a>")), R"("\u003ca href='x'\u003e\u0026\u003c/a\u003e")");
  EXPECT_EQ(to_json(boost::json::value("ok\xff\xfe")), R"("ok\ufffd\ufffd")");
  EXPECT_EQ(to_json(boost::json::value("caf\xc3\xa9 \xe2\x80\xa8")), "\"caf\xc3\xa9 \\u2028\"");
  EXPECT_EQ(to_json(boost::json::value("\xed\xa0\x80")), R"("\ufffd\ufffd\ufffd")");  // a surrogate is not UTF-8
  EXPECT_EQ(to_json(boost::json::value("\x01\b")), R"("\u0001\u0008")");
}

TEST(JsonWriter, RoundTripsDocuments) {
  const auto doc = boost::json::parse(R"({"a":[1,2.25,"x\"y\n",null,true],"b":{"c":{}},"d":[]})");
  EXPECT_EQ(boost::json::parse(to_json(doc)), doc);
  EXPECT_EQ(to_json(doc), R"({"a":[1,2.25,"x\"y\n",null,true],"b":{"c":{}},"d":[]})");
}

}  // namespace
}  // namespace gofr::http
