// Rule tables for `traceparent` parsing and formatting and for extract/inject, W3C Trace Context Level 2 §3.2
// and §3.3, including the spec's own examples and the cases of the W3C conformance harness (test/test.py).
#include "tracing/trace_context.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace gofr::tracing {
namespace {

constexpr std::string_view tid = "4bf92f3577b34da6a3ce929d0e0e4736";
constexpr std::string_view pid = "00f067aa0ba902b7";

std::string tp(std::string_view version, std::string_view trace_id, std::string_view parent_id, std::string_view flags,
               std::string_view rest = "") {
  std::string s;
  s.append(version).append("-").append(trace_id).append("-").append(parent_id).append("-").append(flags);
  return s.append(rest);
}

struct TraceparentCase {
  std::string name;
  std::string input;
  bool valid;
  std::string_view trace_id = tid;  // expected when valid
  std::string_view span_id = pid;
  std::uint8_t flags = 0;
};

std::ostream& operator<<(std::ostream& os, const TraceparentCase& c) { return os << '"' << c.input << '"'; }

class Traceparent : public testing::TestWithParam<TraceparentCase> {};

TEST_P(Traceparent, Parses) {
  const auto& c = GetParam();
  const auto context = parse_traceparent(c.input);
  ASSERT_EQ(context.has_value(), c.valid);
  if (!context) return;
  EXPECT_EQ(context->trace_id_hex(), c.trace_id);
  EXPECT_EQ(context->span_id_hex(), c.span_id);
  EXPECT_EQ(context->flags, c.flags);
  EXPECT_TRUE(context->remote);
  EXPECT_TRUE(context->state.empty());
  // Whatever was accepted re-sends as canonical version 00 and reads back identically.
  const auto again = parse_traceparent(format_traceparent(*context));
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *context);
}

const std::string z32(32, '0'), z16(16, '0');
const std::string harness_tid = "12345678901234567890123456789012", harness_pid = "1234567890123456";

INSTANTIATE_TEST_SUITE_P(
    Table, Traceparent,
    testing::Values(
        // §3.2.3 examples.
        TraceparentCase{"spec_sampled", tp("00", tid, pid, "01"), true, tid, pid, 0x01},
        TraceparentCase{"spec_not_sampled", tp("00", tid, pid, "00"), true, tid, pid, 0x00},
        // §3.1 example.
        TraceparentCase{"spec_relationship", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", true,
                        "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", 0x01},
        // §3.2.2.5: bit field, Level 2 random-trace-id is bit 0x02; reserved bits are cleared (§3.2.2.5.3).
        TraceparentCase{"random", tp("00", tid, pid, "02"), true, tid, pid, 0x02},
        TraceparentCase{"sampled_random", tp("00", tid, pid, "03"), true, tid, pid, 0x03},
        TraceparentCase{"reserved_bit_cleared", tp("00", tid, pid, "04"), true, tid, pid, 0x00},
        TraceparentCase{"spec_09_is_sampled", tp("00", tid, pid, "09"), true, tid, pid, 0x01},
        TraceparentCase{"all_flags", tp("00", tid, pid, "ff"), true, tid, pid, 0x03},
        TraceparentCase{"uppercase_flags", tp("00", tid, pid, "0A"), false},
        // §3.2.2: HEXDIGLC only.
        TraceparentCase{"uppercase_trace_id", tp("00", "4BF92F3577B34DA6A3CE929D0E0E4736", pid, "01"), false},
        TraceparentCase{"one_uppercase_trace_id_digit", tp("00", "4bf92f3577b34da6a3ce929d0e0e473A", pid, "01"), false},
        TraceparentCase{"uppercase_parent_id", tp("00", tid, "00F067AA0BA902B7", "01"), false},
        TraceparentCase{"uppercase_future_version", tp("CC", tid, pid, "01"), false},
        // §3.2.2.1 version.
        TraceparentCase{"version_ff", tp("ff", tid, pid, "01"), false},
        TraceparentCase{"version_illegal_first", tp(".0", tid, pid, "01"), false},
        TraceparentCase{"version_illegal_second", tp("0.", tid, pid, "01"), false},
        TraceparentCase{"version_too_long_3", tp("000", tid, pid, "01"), false},
        TraceparentCase{"version_too_long_4", tp("0000", tid, pid, "01"), false},
        TraceparentCase{"version_too_short", tp("0", tid, pid, "01"), false},
        TraceparentCase{"version_not_followed_by_dash", "00_" + std::string(tid) + "-" + std::string(pid) + "-01",
                        false},
        // §3.2.2.2: version 00 is exactly 55 characters.
        TraceparentCase{"v00_trailing_dot", tp("00", tid, pid, "01", "."), false},
        TraceparentCase{"v00_trailing_field", tp("00", tid, pid, "01", "-what-the-future-will-be-like"), false},
        TraceparentCase{"v00_trailing_dash", tp("00", tid, pid, "01", "-"), false},
        TraceparentCase{"v00_too_short", tp("00", tid, pid, "0"), false},
        // §3.2.4: higher versions are read by the version-00 layout.
        TraceparentCase{"future_cc", tp("cc", tid, pid, "01"), true, tid, pid, 0x01},
        TraceparentCase{"future_01", tp("01", tid, pid, "00"), true, tid, pid, 0x00},
        TraceparentCase{"future_fe", tp("fe", tid, pid, "03"), true, tid, pid, 0x03},
        TraceparentCase{"future_extra_field", tp("cc", tid, pid, "01", "-what-the-future-will-be-like"), true, tid, pid,
                        0x01},
        TraceparentCase{"future_trailing_dash", tp("cc", tid, pid, "01", "-"), true, tid, pid, 0x01},
        TraceparentCase{"future_unknown_flags_cleared", tp("cc", tid, pid, "ff", "-x"), true, tid, pid, 0x03},
        TraceparentCase{"future_wrong_separator", tp("cc", tid, pid, "01", ".what-the-future-will-be-like"), false},
        TraceparentCase{"future_flags_too_long", tp("cc", tid, pid, "012"), false},
        TraceparentCase{"future_too_short", tp("cc", tid, pid, "1"), false},
        TraceparentCase{"future_uppercase_hex", tp("cc", "4BF92F3577B34DA6A3CE929D0E0E4736", pid, "01"), false},
        TraceparentCase{"future_zero_trace_id", tp("cc", z32, pid, "01"), false},
        TraceparentCase{"future_zero_parent_id", tp("cc", tid, z16, "01"), false},
        TraceparentCase{"future_bad_separator_inside", "cc-" + std::string(tid) + "_" + std::string(pid) + "-01",
                        false},
        // §3.2.2.3 trace-id.
        TraceparentCase{"trace_id_zero", tp("00", z32, pid, "01"), false},
        TraceparentCase{"trace_id_illegal_first", tp("00", ".2345678901234567890123456789012", pid, "01"), false},
        TraceparentCase{"trace_id_illegal_last", tp("00", "1234567890123456789012345678901.", pid, "01"), false},
        TraceparentCase{"trace_id_too_long", tp("00", "123456789012345678901234567890123", pid, "01"), false},
        TraceparentCase{"trace_id_too_short", tp("00", "1234567890123456789012345678901", pid, "01"), false},
        TraceparentCase{"trace_id_one_nonzero", tp("00", "00000000000000000000000000000001", pid, "00"), true,
                        "00000000000000000000000000000001", pid, 0x00},
        // §3.2.2.4 parent-id.
        TraceparentCase{"parent_id_zero", tp("00", tid, z16, "01"), false},
        TraceparentCase{"parent_id_illegal_first", tp("00", tid, ".234567890123456", "01"), false},
        TraceparentCase{"parent_id_illegal_last", tp("00", tid, "123456789012345.", "01"), false},
        TraceparentCase{"parent_id_too_long", tp("00", tid, "12345678901234567", "01"), false},
        TraceparentCase{"parent_id_too_short", tp("00", tid, "123456789012345", "01"), false},
        TraceparentCase{"both_ids_zero", tp("00", z32, z16, "01"), false},
        // §3.2.2.5 trace-flags.
        TraceparentCase{"flags_illegal_first", tp("00", tid, pid, ".0"), false},
        TraceparentCase{"flags_illegal_second", tp("00", tid, pid, "0."), false},
        TraceparentCase{"flags_too_long", tp("00", tid, pid, "001"), false},
        TraceparentCase{"flags_too_short", tp("00", tid, pid, "1"), false},
        TraceparentCase{"flags_missing", "00-" + std::string(tid) + "-" + std::string(pid), false},
        // The harness's values.
        TraceparentCase{"harness", tp("00", harness_tid, harness_pid, "01"), true, harness_tid, harness_pid, 0x01},
        // OWS around a field value is not part of it (RFC 7230 §3.2.4); inside, it is an error.
        TraceparentCase{"leading_space", " " + tp("00", tid, pid, "01"), true, tid, pid, 0x01},
        TraceparentCase{"leading_tab", "\t" + tp("00", tid, pid, "01"), true, tid, pid, 0x01},
        TraceparentCase{"trailing_space", tp("00", tid, pid, "01", " "), true, tid, pid, 0x01},
        TraceparentCase{"trailing_tab", tp("00", tid, pid, "01", "\t"), true, tid, pid, 0x01},
        TraceparentCase{"both_sides_ows", "\t " + tp("00", tid, pid, "01", " \t"), true, tid, pid, 0x01},
        TraceparentCase{"space_inside", "00- " + std::string(tid) + "-" + std::string(pid) + "-01", false},
        TraceparentCase{"space_before_flags", tp("00", tid, pid, " 01"), false},
        TraceparentCase{"newline_after", tp("00", tid, pid, "01", "\n"), false},
        // Other malformed input.
        TraceparentCase{"empty", "", false}, TraceparentCase{"only_ows", " \t ", false},
        TraceparentCase{"dashes", std::string(55, '-'), false},
        TraceparentCase{"two_values_joined", tp("00", tid, pid, "01") + "," + tp("00", tid, pid, "01"), false},
        TraceparentCase{"non_ascii", tp("00", "4bf92f3577b34da6a3ce929d0e0e47\xc3\xa9", pid, "01"), false},
        TraceparentCase{"nul_inside", tp("00", tid, pid, std::string("0\0", 2)), false}),
    [](const testing::TestParamInfo<TraceparentCase>& info) { return info.param.name; });

struct FormatCase {
  std::string name;
  std::string input;
  std::string formatted;
};

class FormatTraceparent : public testing::TestWithParam<FormatCase> {};

TEST_P(FormatTraceparent, WritesVersion00) {
  const auto context = parse_traceparent(GetParam().input);
  ASSERT_TRUE(context);
  EXPECT_EQ(format_traceparent(*context), GetParam().formatted);
}

INSTANTIATE_TEST_SUITE_P(
    Table, FormatTraceparent,
    testing::Values(FormatCase{"unchanged", tp("00", tid, pid, "01"), tp("00", tid, pid, "01")},
                    // §3.2.4: downgrade to the highest known version, dropping unknown fields.
                    FormatCase{"downgraded", tp("cc", tid, pid, "01", "-future"), tp("00", tid, pid, "01")},
                    // §3.2.2.5.3: reserved flags are sent as zero; sampled and random pass through.
                    FormatCase{"reserved_flags_zeroed", tp("00", tid, pid, "ff"), tp("00", tid, pid, "03")},
                    FormatCase{"random_kept", tp("00", tid, pid, "02"), tp("00", tid, pid, "02")},
                    FormatCase{"ows_dropped", " " + tp("00", tid, pid, "00", "\t"), tp("00", tid, pid, "00")}),
    [](const testing::TestParamInfo<FormatCase>& info) { return info.param.name; });

TEST(FormatTraceparent, ClearsReservedBitsSetByCode) {
  SpanContext context;
  context.trace_id[15] = 1;
  context.span_id[7] = 2;
  context.flags = 0xfd;
  EXPECT_EQ(format_traceparent(context), "00-00000000000000000000000000000001-0000000000000002-01");
}

struct ExtractCase {
  std::string name;
  std::vector<std::string_view> traceparent;
  std::vector<std::string_view> tracestate;
  bool parent;
  std::string state;  // expected tracestate header when there is a parent
};

class Extract : public testing::TestWithParam<ExtractCase> {};

TEST_P(Extract, FollowsTheProcessingModel) {
  const auto& c = GetParam();
  const auto extracted = extract(c.traceparent, c.tracestate);
  ASSERT_EQ(extracted.parent.has_value(), c.parent);
  if (!extracted.parent) return;
  EXPECT_TRUE(extracted.parent->remote);
  EXPECT_EQ(extracted.parent->state.to_header(), c.state);
}

constexpr std::string_view valid_tp = "00-12345678901234567890123456789012-1234567890123456-00";
constexpr std::string_view other_tp = "00-12345678901234567890123456789011-1234567890123456-01";

INSTANTIATE_TEST_SUITE_P(
    Table, Extract,
    testing::Values(
        ExtractCase{"nothing", {}, {}, false, ""},
        // Processing model: a tracestate without a traceparent is invalid and discarded.
        ExtractCase{"tracestate_without_traceparent", {}, {"foo=1,bar=2"}, false, ""},
        ExtractCase{"traceparent_only", {valid_tp}, {}, true, ""},
        ExtractCase{"both", {valid_tp}, {"foo=1,bar=2"}, true, "foo=1,bar=2"},
        // The harness: two traceparent fields restart the trace, identical or not.
        ExtractCase{"duplicated_traceparent", {other_tp, valid_tp}, {"foo=1"}, false, ""},
        ExtractCase{"duplicated_identical_traceparent", {valid_tp, valid_tp}, {}, false, ""},
        // §3.3: an invalid traceparent takes tracestate with it.
        ExtractCase{
            "invalid_traceparent", {"ff-12345678901234567890123456789012-1234567890123456-00"}, {"foo=1"}, false, ""},
        // §3.3: an invalid tracestate does not affect traceparent.
        ExtractCase{"duplicate_keys_discarded", {valid_tp}, {"foo=1,foo=2"}, true, ""},
        ExtractCase{"duplicate_keys_across_fields", {valid_tp}, {"foo=1", "foo=1"}, true, ""},
        ExtractCase{"invalid_member_discards_all", {valid_tp}, {"foo=1,FOO=2"}, true, ""},
        // §3.3.1.1: fields are combined in order.
        ExtractCase{"combined_in_order",
                    {valid_tp},
                    {"foo=1,bar=2", "rojo=1,congo=2", "baz=3"},
                    true,
                    "foo=1,bar=2,rojo=1,congo=2,baz=3"},
        ExtractCase{"empty_tracestate", {valid_tp}, {""}, true, ""},
        ExtractCase{"empty_then_value", {valid_tp}, {"", "foo=1"}, true, "foo=1"},
        ExtractCase{"value_then_empty", {valid_tp}, {"foo=1", ""}, true, "foo=1"},
        ExtractCase{"future_version_keeps_tracestate",
                    {"cc-12345678901234567890123456789012-1234567890123456-01-x"},
                    {"congo=t61rcWkgMzE"},
                    true,
                    "congo=t61rcWkgMzE"}),
    [](const testing::TestParamInfo<ExtractCase>& info) { return info.param.name; });

TEST(Extract, KeepsIdsAndFlags) {
  const std::vector<std::string_view> parent{"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-03"};
  const auto extracted = extract(parent, {});
  ASSERT_TRUE(extracted.parent);
  EXPECT_EQ(extracted.parent->trace_id_hex(), "0af7651916cd43dd8448eb211c80319c");
  EXPECT_EQ(extracted.parent->span_id_hex(), "b7ad6b7169203331");
  EXPECT_TRUE(extracted.parent->sampled());
  EXPECT_TRUE(extracted.parent->random());
}

TEST(Inject, WritesBothHeaders) {
  auto context = parse_traceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
  ASSERT_TRUE(context);
  // §3.1: the Rojo server adds its entry to the left of Congo's.
  ASSERT_TRUE(context->state.set("congo", "t61rcWkgMzE"));
  context->span_id = {0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7};
  ASSERT_TRUE(context->state.set("rojo", "00f067aa0ba902b7"));
  const auto headers = inject(*context);
  ASSERT_TRUE(headers);
  EXPECT_EQ(headers->traceparent, "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01");
  EXPECT_EQ(headers->tracestate, "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
}

TEST(Inject, OmitsEmptyTracestate) {
  const auto context = parse_traceparent(tp("00", tid, pid, "00"));
  ASSERT_TRUE(context);
  const auto headers = inject(*context);
  ASSERT_TRUE(headers);
  EXPECT_FALSE(headers->tracestate);
}

TEST(Inject, TruncatesTracestate) {
  auto context = parse_traceparent(tp("00", tid, pid, "00"));
  ASSERT_TRUE(context);
  ASSERT_TRUE(context->state.set("big", std::string(200, 'x')));
  ASSERT_TRUE(context->state.set("small", "1"));
  EXPECT_EQ(inject(*context, 100)->tracestate, "small=1");
  EXPECT_FALSE(inject(*context, 3)->tracestate);
  EXPECT_EQ(inject(*context)->tracestate, "small=1,big=" + std::string(200, 'x'));
}

TEST(Inject, RefusesInvalidContext) {
  SpanContext context;
  EXPECT_FALSE(inject(context));
  context.trace_id[0] = 1;
  EXPECT_FALSE(inject(context));  // span id still zero
  context.span_id[0] = 1;
  EXPECT_TRUE(inject(context));
}

TEST(SpanContext, HelpersReadTheFlagsAndIds) {
  SpanContext context;
  EXPECT_FALSE(context.valid());
  EXPECT_EQ(context.trace_id_hex(), std::string(32, '0'));
  EXPECT_EQ(context.span_id_hex(), std::string(16, '0'));
  context.flags = SpanContext::random_flag;
  EXPECT_FALSE(context.sampled());
  EXPECT_TRUE(context.random());
  context.trace_id = {0xab, 0xcd};
  context.span_id = {0, 0, 0, 0, 0, 0, 0, 0xef};
  EXPECT_TRUE(context.valid());
  EXPECT_EQ(context.trace_id_hex(), "abcd0000000000000000000000000000");
  EXPECT_EQ(context.span_id_hex(), "00000000000000ef");
}

}  // namespace
}  // namespace gofr::tracing
