// The server side of retry ownership (resilience.md §11 F6): repeated arrivals of one attempt are counted.
#include "http/attempt_echo.hpp"

#include <gtest/gtest.h>

namespace gofr::http {
namespace {

constexpr std::string_view first = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
constexpr std::string_view second = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b8-01";

TEST(AttemptEcho, CountsRepeatedArrivalsOfOneAttempt) {
  AttemptEcho echo;
  EXPECT_EQ(echo.observe(first, "1", "", ""), 1);
  EXPECT_EQ(echo.observe(first, "1", "", ""), 2);  // a proxy sent the same attempt again
  EXPECT_EQ(echo.observe(first, "1", "", ""), 3);
  EXPECT_EQ(echo.observe(second, "2", "", ""), 1);  // the client's own retry is a new span: not a second layer
}

TEST(AttemptEcho, ReadsWhatProxiesSay) {
  AttemptEcho echo;
  EXPECT_EQ(echo.observe("", "", "3", ""), 3);  // Envoy's attempt count
  EXPECT_EQ(echo.observe("", "", "", "2"), 3);  // gRPC: two previous attempts
  EXPECT_EQ(echo.observe(first, "1", "2", ""), 2);
}

TEST(AttemptEcho, SaysNothingWithoutAttemptHeaders) {
  AttemptEcho echo;
  EXPECT_EQ(echo.observe(first, "", "", ""), std::nullopt);
  EXPECT_EQ(echo.observe("", "", "", ""), std::nullopt);
  EXPECT_EQ(echo.observe("garbage", "1", "x", "-1"), std::nullopt);
}

TEST(AttemptEcho, ForgetsTheOldestBeyondItsCapacity) {
  AttemptEcho echo(2);
  echo.observe(first, "1", "", "");
  echo.observe(second, "1", "", "");
  echo.observe("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b9-01", "1", "", "");
  EXPECT_EQ(echo.observe(first, "1", "", ""), 1);  // evicted, so counted afresh
}

}  // namespace
}  // namespace gofr::http
