#include "gofr/config.hpp"

#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>

#include "core/dotenv.hpp"

namespace gofr {
namespace {

TEST(Dotenv, ParsesQuotesCommentsExportAndExpansion) {
  const auto values = dotenv::parse(R"(# comment
APP_NAME=orders
export HTTP_PORT=9000
QUOTED="a \"b\"\nc"
SINGLE='lit ${APP_NAME}'
INLINE=value # trailing comment
HASH=a#b
EXPANDED=${APP_NAME}-svc
EMPTY=
)");
  EXPECT_EQ(values.at("APP_NAME"), "orders");
  EXPECT_EQ(values.at("HTTP_PORT"), "9000");
  EXPECT_EQ(values.at("QUOTED"), "a \"b\"\nc");
  EXPECT_EQ(values.at("SINGLE"), "lit ${APP_NAME}");
  EXPECT_EQ(values.at("INLINE"), "value");
  EXPECT_EQ(values.at("HASH"), "a#b");
  EXPECT_EQ(values.at("EXPANDED"), "orders-svc");
  EXPECT_EQ(values.at("EMPTY"), "");
}

TEST(Dotenv, RejectsMalformedLinesWithTheLineNumber) {
  try {
    dotenv::parse("A=1\nnot a line\n");
    FAIL() << "expected a parse error";
  } catch (const dotenv::parse_error& e) {
    EXPECT_EQ(e.line, 2);
  }
  EXPECT_THROW(dotenv::parse("A=\"unterminated\n"), dotenv::parse_error);
}

// Found by the dotenv fuzz target: every line doubling a variable (A=$A$A) grew a 500-byte file into gigabytes.
TEST(Dotenv, ExpansionIsBounded) {
  std::string text = "A=xxxxxxxxxxxxxxxx\n";
  for (int i = 0; i < 40; ++i) text += "A=$A$A\n";
  try {
    dotenv::parse(text);
    FAIL() << "expected a parse error";
  } catch (const dotenv::parse_error& e) {
    EXPECT_NE(std::string(e.what()).find("longer than 1 MiB"), std::string::npos) << e.what();
  }
  EXPECT_EQ(dotenv::parse("A=ab\nB=$A$A${A}\n").at("B"), "ababab");  // ordinary expansion is unchanged
}

TEST(Config, TypedGettersValidateAndNameTheVariable) {
  Config c({{"PORT", "8080"},
            {"BAD_PORT", "80a"},
            {"FLAG", "TRUE"},
            {"GRACE", "1m30s"},
            {"BARE", "5"},
            {"LIST", " a, b ,,c "},
            {"EMPTY", ""}});
  EXPECT_EQ(c.get_int("PORT", 1, 0, 65535), 8080);
  EXPECT_EQ(c.get_int("MISSING", 7), 7);
  EXPECT_EQ(c.get_int("EMPTY", 7), 7);
  try {
    c.get_int("BAD_PORT", 1, 0, 65535);
    FAIL();
  } catch (const config_error& e) {
    EXPECT_NE(std::string(e.what()).find("BAD_PORT"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("0 to 65535"), std::string::npos);
  }
  EXPECT_THROW(c.get_int("PORT", 1, 0, 100), config_error);
  EXPECT_TRUE(c.get_bool("FLAG", false));
  EXPECT_EQ(c.get_duration("GRACE", {}), std::chrono::seconds(90));
  EXPECT_EQ(c.get_duration("BARE", {}), std::chrono::seconds(5));
  EXPECT_EQ(c.get_list("LIST"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_THROW(Config({{"X", "soon"}}).get_duration("X", {}), config_error);
  EXPECT_THROW(Config({{"X", "inf"}}).get_duration("X", {}), config_error);
  EXPECT_THROW(Config({{"X", "1e20"}}).get_duration("X", {}), config_error);
  EXPECT_THROW(Config({{"X", "nan"}}).get_duration("X", {}), config_error);
  EXPECT_THROW(Config({{"X", "maybe"}}).get_bool("X", false), config_error);
}

TEST(Config, GoDurations) {
  using namespace std::chrono;
  EXPECT_EQ(parse_go_duration("300ms"), milliseconds(300));
  EXPECT_EQ(parse_go_duration("1h2m3s"), hours(1) + minutes(2) + seconds(3));
  EXPECT_EQ(parse_go_duration("1.5s"), milliseconds(1500));
  EXPECT_EQ(parse_go_duration("0"), nanoseconds(0));
  EXPECT_EQ(parse_go_duration("10us"), microseconds(10));
  EXPECT_FALSE(parse_go_duration("5"));
  EXPECT_FALSE(parse_go_duration("s"));
  EXPECT_FALSE(parse_go_duration("5x"));
  EXPECT_FALSE(parse_go_duration(""));
}

TEST(Config, LoadOverlaysFilesAndProcessEnvironmentWins) {
  const auto dir = std::filesystem::temp_directory_path() / ("gofr-config-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / ".env") << "A=base\nB=base\nC=base\n";
  std::ofstream(dir / ".local.env") << "B=local\n";
  std::ofstream(dir / ".staging.env") << "B=staging\n";
  ::setenv("C", "process", 1);
  ::unsetenv("APP_ENV");
  auto local = Config::load(dir);
  EXPECT_EQ(local.get_or("A", ""), "base");
  EXPECT_EQ(local.get_or("B", ""), "local");
  EXPECT_EQ(local.get_or("C", ""), "process");
  ::setenv("APP_ENV", "staging", 1);
  EXPECT_EQ(Config::load(dir).get_or("B", ""), "staging");
  ::unsetenv("APP_ENV");
  ::unsetenv("C");
  std::ofstream(dir / ".env") << "BROKEN LINE\n";
  EXPECT_THROW(Config::load(dir), config_error);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace gofr
