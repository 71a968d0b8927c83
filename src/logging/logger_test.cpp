#include <unistd.h>

#include <csignal>
#include <thread>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "gofr/logging.hpp"
#include "logging/json_escape.hpp"
#include "logging/line_builder.hpp"
#include "logging/timestamp.hpp"

namespace gofr {
namespace {

std::string drain(int fd) {
  std::string out;
  char buf[4096];
  for (;;) {
    const auto n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

TEST(Logger, WritesGofrJsonLinesAndSplitsStreamsByLevel) {
  int out[2], err[2];
  ASSERT_EQ(::pipe(out), 0);
  ASSERT_EQ(::pipe(err), 0);
  {
    Logger logger(
        {.level = Level::info, .pretty = false, .framework_version = "1.2.3", .out_fd = out[1], .err_fd = err[1]});
    logger.debug("hidden");
    logger.info("hello \"world\"");
    logger.log_json(Level::notice, R"({"a":1})", "0123456789abcdef0123456789abcdef");
    logger.error("boom");
    logger.flush();
  }
  ::close(out[1]);
  ::close(err[1]);
  const auto stdout_text = drain(out[0]);
  const auto stderr_text = drain(err[0]);
  EXPECT_EQ(stdout_text.find("hidden"), std::string::npos);

  const auto first = boost::json::parse(stdout_text.substr(0, stdout_text.find('\n'))).as_object();
  EXPECT_EQ(first.at("level"), "INFO");
  EXPECT_EQ(first.at("message"), "hello \"world\"");
  EXPECT_EQ(first.at("gofrVersion"), "1.2.3");
  EXPECT_FALSE(first.contains("trace_id"));

  const auto second_line = stdout_text.substr(stdout_text.find('\n') + 1);
  const auto second = boost::json::parse(second_line.substr(0, second_line.find('\n'))).as_object();
  EXPECT_EQ(second.at("level"), "NOTICE");
  EXPECT_EQ(second.at("message").at("a"), 1);
  EXPECT_EQ(second.at("trace_id"), "0123456789abcdef0123456789abcdef");

  const auto error = boost::json::parse(stderr_text.substr(0, stderr_text.find('\n'))).as_object();
  EXPECT_EQ(error.at("level"), "ERROR");
}

// A record for log_deferred: formatted on the writer's thread.
struct Answer {
  int value;
  char word[8];
  void write(std::string& out) const {
    out.append(R"({"answer":)").append(std::to_string(value)).append(R"(,"word":")").append(word).append("\"}");
  }
};

TEST(Logger, DeferredRecordsAreFormattedLikeOtherLinesAndKeepTheirPlace) {
  int out[2], err[2];
  ASSERT_EQ(::pipe(out), 0);
  ASSERT_EQ(::pipe(err), 0);
  // Read while logging: the lines are more than a pipe holds.
  std::string stdout_text;
  std::thread reader([&] { stdout_text = drain(out[0]); });
  {
    Logger logger(
        {.level = Level::info, .pretty = false, .framework_version = "9", .out_fd = out[1], .err_fd = err[1]});
    logger.log_deferred(Level::debug, Answer{0, "hidden"});  // below the level: not even queued
    for (int i = 0; i < 1000; ++i) {  // several batches, interleaved with text lines
      logger.info("line " + std::to_string(i));
      logger.log_deferred(Level::info, Answer{i, "ok"}, "0123456789abcdef0123456789abcdef");
    }
    logger.log_deferred(Level::error, Answer{-1, "bad"});
    logger.flush();
  }
  ::close(out[1]);
  ::close(err[1]);
  reader.join();
  std::size_t at = 0;
  for (int i = 0; i < 1000; ++i) {
    const auto text_end = stdout_text.find('\n', at);
    const auto text = boost::json::parse(stdout_text.substr(at, text_end - at)).as_object();
    EXPECT_EQ(text.at("message").as_string(), "line " + std::to_string(i));
    const auto record_end = stdout_text.find('\n', text_end + 1);
    const auto record = boost::json::parse(stdout_text.substr(text_end + 1, record_end - text_end - 1)).as_object();
    ASSERT_EQ(record.at("message").at("answer"), i);
    EXPECT_EQ(record.at("message").at("word"), "ok");
    EXPECT_EQ(record.at("level"), "INFO");
    EXPECT_EQ(record.at("trace_id"), "0123456789abcdef0123456789abcdef");
    EXPECT_EQ(record.at("gofrVersion"), "9");
    EXPECT_TRUE(record.contains("time"));
    at = record_end + 1;
  }
  EXPECT_EQ(at, stdout_text.size());
  const auto error = boost::json::parse(drain(err[0])).as_object();
  EXPECT_EQ(error.at("level"), "ERROR");
  EXPECT_EQ(error.at("message").at("word"), "bad");
  EXPECT_FALSE(error.contains("trace_id"));
}

TEST(Logger, PrettyModeFormatsDeferredRecordsAtOnce) {
  int out[2];
  ASSERT_EQ(::pipe(out), 0);
  {
    Logger logger({.level = Level::info, .pretty = true, .out_fd = out[1], .err_fd = out[1]});
    logger.log_deferred(Level::info, Answer{42, "pretty"});
    logger.flush();
  }
  ::close(out[1]);
  const auto text = drain(out[0]);
  EXPECT_NE(text.find(R"({"answer":42,"word":"pretty"})"), std::string::npos) << text;
}

TEST(Logger, DropsAndCountsWhenTheQueueIsFull) {
  ::signal(SIGPIPE, SIG_IGN);  // closing the read end below makes the writer's next write fail with EPIPE
  int out[2];
  ASSERT_EQ(::pipe(out), 0);
  // A pipe nobody reads fills up (64 KiB), the writer blocks, and the 4-line queue overflows.
  Logger logger({.level = Level::info, .pretty = false, .queue_capacity = 4, .out_fd = out[1], .err_fd = out[1]});
  const std::string big(8192, 'x');
  for (int i = 0; i < 200; ++i) logger.info(big);
  EXPECT_GT(logger.dropped(), 0u);
  ::close(out[0]);  // unblock the writer (EPIPE) so the logger can shut down
}

TEST(Logger, PrettyModeWritesColouredText) {
  int out[2];
  ASSERT_EQ(::pipe(out), 0);
  {
    Logger logger({.level = Level::info, .pretty = true, .out_fd = out[1], .err_fd = out[1]});
    logger.warn("disk almost full");
    logger.flush();
  }
  ::close(out[1]);
  const auto text = drain(out[0]);
  EXPECT_NE(text.find("\033[33mWARN\033[0m ["), std::string::npos) << text;
  EXPECT_NE(text.find("] disk almost full\n"), std::string::npos) << text;  // a string message loses its quotes
}

TEST(Levels, ParseCaseInsensitively) {
  EXPECT_EQ(parse_level("debug"), Level::debug);
  EXPECT_EQ(parse_level("Warn"), Level::warn);
  EXPECT_FALSE(parse_level("LOUD"));
}

TEST(Timestamp, Rfc3339NanoTrimsTrailingZeros) {
  ::setenv("TZ", "UTC", 1);
  ::tzset();
  std::string out;
  logging::append_rfc3339(out, std::chrono::system_clock::time_point(std::chrono::nanoseconds(1'500'000'000)));
  EXPECT_EQ(out, "1970-01-01T00:00:01.5Z");
  out.clear();
  logging::append_rfc3339(out, std::chrono::system_clock::time_point(std::chrono::seconds(2)), logging::Utc::as_offset);
  EXPECT_EQ(out, "1970-01-01T00:00:02+00:00");
  out.clear();
  logging::append_rfc3339(out, std::chrono::system_clock::time_point(std::chrono::nanoseconds(3'000'000'007)));
  EXPECT_EQ(out, "1970-01-01T00:00:03.000000007Z");  // leading zeros of the fraction kept
  out.clear();
  logging::append_rfc3339(out, std::chrono::system_clock::time_point(std::chrono::nanoseconds(4'123'456'780)));
  EXPECT_EQ(out, "1970-01-01T00:00:04.12345678Z");
  out.clear();
  logging::append_rfc3339(out, std::chrono::system_clock::time_point(std::chrono::nanoseconds(5'987'654'321)));
  EXPECT_EQ(out, "1970-01-01T00:00:05.987654321Z");
}

TEST(Timestamp, Rfc3339CarriesTheLocalOffset) {
  ::setenv("TZ", "IST-5:30", 1);  // POSIX form: five and a half hours east of UTC
  ::tzset();
  std::string out;
  // Seconds no other test uses: the broken-down time is cached per second.
  logging::append_rfc3339(out, std::chrono::system_clock::time_point(std::chrono::milliseconds(100'250)));
  EXPECT_EQ(out, "1970-01-01T05:31:40.25+05:30");
  out.clear();
  logging::append_rfc3339(out, std::chrono::system_clock::time_point(std::chrono::seconds(101)),
                          logging::Utc::as_offset);
  EXPECT_EQ(out, "1970-01-01T05:31:41+05:30");
  ::setenv("TZ", "UTC", 1);
  ::tzset();
}

TEST(LineBuilder, KeepsEveryPieceInOrderWhateverItsSize) {
  std::string out = "start:";
  const std::string big(1000, 'b');
  std::string expected = out;
  {
    logging::LineBuilder line(out);
    for (int i = 0; i < 100; ++i) {  // far more than the stack buffer holds
      line << "piece" << i << ',';
      expected.append("piece").append(std::to_string(i)).push_back(',');
    }
    line << big << -42L << 'x';  // a piece larger than the buffer goes straight through
    expected.append(big).append("-42x");
    logging::append_json_escaped(line.flush(), "\"q\"");  // direct appends after a flush stay in order
    expected.append("\\\"q\\\"");
    line << std::string_view() << std::string_view("end");  // an empty view (null data) is nothing to add
    expected.append("end");
  }
  EXPECT_EQ(out, expected);
}

TEST(JsonEscape, IntoALineBuilderAsIntoAString) {
  for (const std::string_view text : {std::string_view("plain /path?x=1"), std::string_view("say \"hi\"\n"),
                                      std::string_view("<a>&"), std::string_view("caf\xc3\xa9 \xff"),
                                      std::string_view()}) {
    std::string direct = "[";
    logging::append_json_escaped(direct, text);
    std::string built = "[";
    {
      logging::LineBuilder line(built);
      logging::append_json_escaped(line, text);
    }
    EXPECT_EQ(built, direct) << text;
  }
}

}  // namespace
}  // namespace gofr
