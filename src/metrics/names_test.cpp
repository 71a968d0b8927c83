#include "metrics/names.hpp"

#include <stdexcept>

#include <gtest/gtest.h>

namespace gofr::metrics {
namespace {

TEST(MetricNames, RewritesHyphensAndDotsAsGofrsExporterShowsThem) {
  EXPECT_EQ(metric_name("counter-test"), "counter_test");
  EXPECT_EQ(metric_name("app_gRPC-Server_stats"), "app_gRPC_Server_stats");
  EXPECT_EQ(metric_name("http.server.duration"), "http_server_duration");
  EXPECT_EQ(metric_name("ns:requests_total"), "ns:requests_total");
  EXPECT_EQ(metric_name("_private"), "_private");
}

TEST(MetricNames, RejectsWhatTheTextFormatCannotCarry) {
  for (const auto* bad : {"", "1st", "with space", "caf\xC3\xA9", "a/b", "__reserved", "-_x", "x{y}"}) {
    EXPECT_THROW(metric_name(bad), std::invalid_argument) << bad;
  }
}

TEST(MetricNames, NormalizedNameAllocatesOnlyWhenItRewrites) {
  std::string buffer;
  const std::string_view plain = "plain_name";
  EXPECT_EQ(normalized_name(plain, buffer).data(), plain.data());
  EXPECT_EQ(normalized_name("a-b.c", buffer), "a_b_c");
}

TEST(LabelNames, AcceptsPrometheusLabelNamesExceptReservedOnes) {
  EXPECT_TRUE(valid_label_name("method"));
  EXPECT_TRUE(valid_label_name("_x1"));
  EXPECT_TRUE(valid_label_name("le"));  // reserved for histograms only; the caller checks
  EXPECT_FALSE(valid_label_name(""));
  EXPECT_FALSE(valid_label_name("1a"));
  EXPECT_FALSE(valid_label_name("a:b"));  // colons are for metric names only
  EXPECT_FALSE(valid_label_name("__name__"));
  EXPECT_FALSE(valid_label_name("otel_scope_name"));
  EXPECT_FALSE(valid_label_name("otel_scope_anything"));
  EXPECT_FALSE(valid_label_name("otel_metric_overflow"));
}

TEST(Utf8, ReplacesEachInvalidByteWithTheReplacementCharacter) {
  EXPECT_EQ(valid_utf8("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(valid_utf8("a\xFF"
                       "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(valid_utf8("\xC3"), "\xEF\xBF\xBD");
}

TEST(Help, EscapesBackslashAndLineFeedOnly) {
  EXPECT_EQ(escape_help("plain \"quoted\""), "plain \"quoted\"");
  EXPECT_EQ(escape_help("a\\b\nc"), "a\\\\b\\nc");
}

}  // namespace
}  // namespace gofr::metrics
