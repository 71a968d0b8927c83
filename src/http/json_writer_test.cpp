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
}

TEST(JsonWriter, RoundTripsDocuments) {
  const auto doc = boost::json::parse(R"({"a":[1,2.25,"x\"y\n",null,true],"b":{"c":{}},"d":[]})");
  EXPECT_EQ(boost::json::parse(to_json(doc)), doc);
  EXPECT_EQ(to_json(doc), R"({"a":[1,2.25,"x\"y\n",null,true],"b":{"c":{}},"d":[]})");
}

}  // namespace
}  // namespace gofr::http
