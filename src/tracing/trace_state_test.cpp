// Rule tables for `tracestate`, W3C Trace Context Level 2 §3.3 and §3.5, including the spec's examples and the
// cases of the W3C conformance harness (test/test.py).
#include "gofr/tracing/trace_state.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace gofr::tracing {
namespace {

// n members "bar01=01" ... as the harness builds them.
std::string bars(int from, int to) {
  std::string out;
  for (int i = from; i <= to; ++i) {
    char member[16];
    std::snprintf(member, sizeof member, "bar%02d=%02d", i, i);
    if (!out.empty()) out += ',';
    out += member;
  }
  return out;
}

// Every character the grammar allows, as the harness's test_tracestate_all_allowed_characters has them.
const std::string all_key_chars = "abcdefghijklmnopqrstuvwxyz0123456789_-*/";
std::string all_value_chars() {
  std::string v;
  for (char c = 0x20; c <= 0x7E; ++c) {
    if (c != ',' && c != '=') v += c;
  }
  return v;
}

struct ParseCase {
  std::string name;
  std::vector<std::string> fields;
  bool valid;
  std::string header = "";  // canonical form when valid
};

std::ostream& operator<<(std::ostream& os, const ParseCase& c) {
  for (const auto& f : c.fields) os << "[" << f << "]";
  return os;
}

class TraceStateParse : public testing::TestWithParam<ParseCase> {};

TEST_P(TraceStateParse, FollowsTheGrammar) {
  const auto& c = GetParam();
  const std::vector<std::string_view> fields(c.fields.begin(), c.fields.end());
  const auto state = TraceState::parse(fields);
  ASSERT_EQ(state.has_value(), c.valid);
  if (!state) return;
  EXPECT_EQ(state->to_header(), c.header);
  const auto again = TraceState::parse(state->to_header());
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *state);
}

const std::string k256(256, 'z'), k257(257, 'z');

INSTANTIATE_TEST_SUITE_P(
    Valid, TraceStateParse,
    testing::Values(
        // §3.3.2 and §3.1 examples.
        ParseCase{"spec_single", {"rojo=00f067aa0ba902b7"}, true, "rojo=00f067aa0ba902b7"},
        ParseCase{"spec_two_vendors",
                  {"rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"},
                  true,
                  "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"},
        ParseCase{"spec_list_example",
                  {"vendorname1=opaqueValue1,vendorname2=opaqueValue2"},
                  true,
                  "vendorname1=opaqueValue1,vendorname2=opaqueValue2"},
        ParseCase{"spec_multi_tenant_example", {"fw529a3039@dt=abc"}, true, "fw529a3039@dt=abc"},
        // §3.3.1.1: empty headers and empty members are accepted.
        ParseCase{"no_field", {}, true, ""}, ParseCase{"empty", {""}, true, ""},
        ParseCase{"whitespace_only", {" \t "}, true, ""}, ParseCase{"only_commas", {",,,"}, true, ""},
        ParseCase{"comma_and_spaces", {" , \t, "}, true, ""},
        ParseCase{"empty_member_between", {"foo=1,,bar=2"}, true, "foo=1,bar=2"},
        ParseCase{"leading_and_trailing_commas", {",foo=1,"}, true, "foo=1"},
        // §3.3.1.1: OWS around list-members (harness test_tracestate_ows_handling).
        ParseCase{"ows_spaces_tabs", {"foo=1 \t , \t bar=2, \t baz=3"}, true, "foo=1,bar=2,baz=3"},
        ParseCase{"ows_tabs_spaces", {"foo=1\t \t,\t \tbar=2,\t \tbaz=3"}, true, "foo=1,bar=2,baz=3"},
        ParseCase{"ows_leading_space", {" foo=1"}, true, "foo=1"},
        ParseCase{"ows_leading_tab", {"\tfoo=1"}, true, "foo=1"},
        ParseCase{"ows_trailing_space", {"foo=1 "}, true, "foo=1"},
        ParseCase{"ows_trailing_tab", {"foo=1\t"}, true, "foo=1"},
        ParseCase{"ows_both", {"\t foo=1 \t"}, true, "foo=1"},
        // §3.3.1.3.2: spaces inside a value, and leading ones, belong to it.
        ParseCase{"value_inner_space", {"foo=a b"}, true, "foo=a b"},
        ParseCase{"value_leading_spaces", {"foo=  bar"}, true, "foo=  bar"},
        ParseCase{"value_all_characters", {"foo=" + all_value_chars()}, true, "foo=" + all_value_chars()},
        ParseCase{"value_256", {"foo=" + std::string(256, 'v')}, true, "foo=" + std::string(256, 'v')},
        // §3.3.1.3.1 keys.
        ParseCase{"key_all_characters", {all_key_chars + "=1"}, true, all_key_chars + "=1"},
        ParseCase{
            "key_all_characters_with_vendor", {all_key_chars + "@a-z0-9_-*/=1"}, true, all_key_chars + "@a-z0-9_-*/=1"},
        ParseCase{"key_single_letter", {"a=1"}, true, "a=1"},
        ParseCase{"key_256", {"foo=1", k256 + "=1"}, true, "foo=1," + k256 + "=1"},
        ParseCase{"tenant_241_system_14",
                  {"foo=1", std::string(241, 't') + "@" + std::string(14, 'v') + "=1"},
                  true,
                  "foo=1," + std::string(241, 't') + "@" + std::string(14, 'v') + "=1"},
        ParseCase{"tenant_starts_with_digit", {"1a2b@dt=1"}, true, "1a2b@dt=1"},
        ParseCase{"tenant_single_digit", {"9@a=1"}, true, "9@a=1"},
        ParseCase{"system_with_tail_chars", {"t@s-_*/9=1"}, true, "t@s-_*/9=1"},
        // §3.3.1.1: several fields combine in order (harness test_tracestate_multiple_headers_different_keys).
        ParseCase{
            "fields_combined", {"foo=1,bar=2", "rojo=1,congo=2", "baz=3"}, true, "foo=1,bar=2,rojo=1,congo=2,baz=3"},
        ParseCase{"empty_field_first", {"", "foo=1"}, true, "foo=1"},
        ParseCase{"empty_field_last", {"foo=1", ""}, true, "foo=1"},
        // §3.3.1.2: 32 members, in one field or four (harness test_tracestate_member_count_limit).
        ParseCase{"members_32_one_field", {bars(1, 32)}, true, bars(1, 32)},
        ParseCase{"members_32_four_fields", {bars(1, 10), bars(11, 20), bars(21, 30), bars(31, 32)}, true, bars(1, 32)},
        ParseCase{"members_32_with_empty_ones", {"," + bars(1, 32) + ", ,"}, true, bars(1, 32)}),
    [](const testing::TestParamInfo<ParseCase>& info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    Invalid, TraceStateParse,
    testing::Values(
        // §3.3.1.4: one entry per key (harness test_tracestate_duplicated_keys).
        ParseCase{"duplicate_same_value", {"foo=1,foo=1"}, false},
        ParseCase{"duplicate_other_value", {"foo=1,foo=2"}, false},
        ParseCase{"duplicate_across_fields", {"foo=1", "foo=1"}, false},
        ParseCase{"duplicate_across_fields_other_value", {"foo=1", "foo=2"}, false},
        ParseCase{"duplicate_multi_tenant", {"a@b=1,c=2,a@b=3"}, false},
        // §3.3.1.2: 33 members.
        ParseCase{"members_33_one_field", {bars(1, 33)}, false},
        ParseCase{"members_33_four_fields", {bars(1, 10), bars(11, 20), bars(21, 30), bars(31, 33)}, false},
        // §3.3.1.3.1 keys (harness test_tracestate_key_illegal_characters / _vendor_format / _length_limit).
        ParseCase{"key_trailing_space", {"foo =1"}, false}, ParseCase{"key_uppercase", {"FOO=1"}, false},
        ParseCase{"key_one_uppercase", {"fOo=1"}, false}, ParseCase{"key_dot", {"foo.bar=1"}, false},
        ParseCase{"key_empty", {"=1"}, false}, ParseCase{"simple_key_starts_with_digit", {"1foo=1"}, false},
        ParseCase{"key_starts_with_underscore", {"_foo=1"}, false},
        ParseCase{"key_starts_with_star", {"*foo=1"}, false}, ParseCase{"key_257", {"foo=1", k257 + "=1"}, false},
        ParseCase{"vendor_empty", {"foo@=1,bar=2"}, false}, ParseCase{"tenant_empty", {"@foo=1,bar=2"}, false},
        ParseCase{"double_at", {"foo@@bar=1,bar=2"}, false}, ParseCase{"two_ats", {"foo@bar@baz=1,bar=2"}, false},
        ParseCase{"tenant_242", {"foo=1", std::string(242, 't') + "@v=1"}, false},
        ParseCase{"system_15", {"foo=1", "t@" + std::string(15, 'v') + "=1"}, false},
        ParseCase{"system_starts_with_digit", {"t@1v=1"}, false}, ParseCase{"system_uppercase", {"t@V=1"}, false},
        ParseCase{"tenant_starts_with_dash", {"-t@v=1"}, false},
        // §3.3.1.3.2 values (harness test_tracestate_value_illegal_characters).
        ParseCase{"value_with_equals", {"foo=bar=baz"}, false}, ParseCase{"value_empty", {"foo=,bar=3"}, false},
        ParseCase{"value_empty_last", {"foo="}, false}, ParseCase{"value_only_spaces", {"foo=   "}, false},
        ParseCase{"no_equals", {"foo"}, false}, ParseCase{"comma_splits_value", {"foo=a,b"}, false},
        ParseCase{"value_257", {"foo=" + std::string(257, 'v')}, false},
        ParseCase{"value_tab_inside", {"foo=a\tb"}, false}, ParseCase{"value_leading_tab", {"foo=\tb"}, false},
        ParseCase{"value_newline", {"foo=a\nb"}, false}, ParseCase{"value_del", {"foo=a\x7f"}, false},
        ParseCase{"value_non_ascii", {"foo=caf\xc3\xa9"}, false},
        ParseCase{"value_nul", {std::string("foo=a\0b", 7)}, false},
        ParseCase{"space_before_equals_value", {"foo= =1"}, false},
        // One bad member discards the whole list, however valid the rest.
        ParseCase{"bad_member_in_second_field", {"foo=1", "bar=2,BAD=3"}, false}),
    [](const testing::TestParamInfo<ParseCase>& info) { return info.param.name; });

TEST(TraceStateParse, SingleValueOverload) {
  EXPECT_TRUE(TraceState::parse(std::string_view("a=1")));
  EXPECT_FALSE(TraceState::parse(std::string_view("A=1")));
  EXPECT_TRUE(TraceState::parse(std::string_view()));
}

// §3.5 mutations, replaying §3.1: Congo, then Rojo, then Congo again.
TEST(TraceStateMutation, SpecWalkthrough) {
  auto state = TraceState::parse(std::string_view("congo=t61rcWkgMzE"));
  ASSERT_TRUE(state);
  ASSERT_TRUE(state->set("rojo", "00f067aa0ba902b7"));
  EXPECT_EQ(state->to_header(), "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
  ASSERT_TRUE(state->set("congo", "ucfJifl5GOE"));
  EXPECT_EQ(state->to_header(), "congo=ucfJifl5GOE,rojo=00f067aa0ba902b7");
  EXPECT_EQ(state->get("congo"), "ucfJifl5GOE");
  EXPECT_EQ(state->get("rojo"), "00f067aa0ba902b7");
  EXPECT_FALSE(state->get("nobody"));
}

struct SetCase {
  std::string name;
  std::string before;
  std::string key;
  std::string value;
  bool accepted;
  std::string after;
};

class TraceStateSet : public testing::TestWithParam<SetCase> {};

TEST_P(TraceStateSet, MovesToTheFront) {
  const auto& c = GetParam();
  auto state = TraceState::parse(c.before);
  ASSERT_TRUE(state);
  EXPECT_EQ(state->set(c.key, c.value), c.accepted);
  EXPECT_EQ(state->to_header(), c.after);
}

INSTANTIATE_TEST_SUITE_P(
    Table, TraceStateSet,
    testing::Values(SetCase{"new_into_empty", "", "a", "1", true, "a=1"},
                    SetCase{"new_goes_left", "b=2,c=3", "a", "1", true, "a=1,b=2,c=3"},
                    SetCase{"update_moves_left", "a=1,b=2,c=3", "c", "9", true, "c=9,a=1,b=2"},
                    SetCase{"update_in_front", "a=1,b=2", "a", "9", true, "a=9,b=2"},
                    SetCase{"update_middle_keeps_others_order", "a=1,b=2,c=3,d=4", "b", "x", true, "b=x,a=1,c=3,d=4"},
                    SetCase{"full_list_drops_right_most", bars(1, 32), "new", "1", true, "new=1," + bars(1, 31)},
                    SetCase{"full_list_update_drops_nothing", bars(1, 32), "bar32", "x", true,
                            "bar32=x," + bars(1, 31)},
                    SetCase{"invalid_key", "a=1", "A", "1", false, "a=1"},
                    SetCase{"invalid_value_comma", "a=1", "b", "x,y", false, "a=1"},
                    SetCase{"invalid_value_equals", "a=1", "b", "x=y", false, "a=1"},
                    SetCase{"invalid_value_empty", "a=1", "b", "", false, "a=1"},
                    SetCase{"invalid_value_trailing_space", "a=1", "a", "x ", false, "a=1"},
                    SetCase{"value_leading_space", "a=1", "b", " x", true, "b= x,a=1"}),
    [](const testing::TestParamInfo<SetCase>& info) { return info.param.name; });

TEST(TraceStateMutation, Erase) {
  auto state = TraceState::parse(std::string_view("a=1,b=2,c=3"));
  ASSERT_TRUE(state);
  EXPECT_TRUE(state->erase("b"));
  EXPECT_FALSE(state->erase("b"));
  EXPECT_EQ(state->to_header(), "a=1,c=3");
  EXPECT_EQ(state->size(), 2u);
  EXPECT_TRUE(state->erase("a"));
  EXPECT_TRUE(state->erase("c"));
  EXPECT_TRUE(state->empty());
  EXPECT_EQ(state->to_header(), "");
}

TEST(TraceStateKey, Limits) {
  EXPECT_TRUE(TraceState::valid_key(std::string(256, 'a')));
  EXPECT_FALSE(TraceState::valid_key(std::string(257, 'a')));
  EXPECT_TRUE(TraceState::valid_key(std::string(241, '1') + "@" + "a" + std::string(13, '9')));
  EXPECT_FALSE(TraceState::valid_key(std::string(241, '1') + "@" + "a" + std::string(14, '9')));
  EXPECT_FALSE(TraceState::valid_key(""));
  EXPECT_TRUE(TraceState::valid_value("x"));
  EXPECT_TRUE(TraceState::valid_value(" x"));
  EXPECT_FALSE(TraceState::valid_value(" "));
}

struct TruncateCase {
  std::string name;
  std::vector<std::pair<std::string, std::size_t>> members;  // key and value length, left to right
  std::size_t limit;
  std::vector<std::string> kept;  // keys left, in order
};

class TraceStateTruncate : public testing::TestWithParam<TruncateCase> {};

TEST_P(TraceStateTruncate, DropsLargeEntriesThenFromTheEnd) {
  const auto& c = GetParam();
  TraceState state;
  for (auto it = c.members.rbegin(); it != c.members.rend(); ++it) {
    ASSERT_TRUE(state.set(it->first, std::string(it->second, 'v')));
  }
  const auto header = state.to_header(c.limit);
  EXPECT_LE(header.size(), c.limit);
  std::string expected;
  for (const auto& key : c.kept) {
    const auto* member = &*std::find_if(c.members.begin(), c.members.end(), [&](auto& m) { return m.first == key; });
    if (!expected.empty()) expected += ',';
    expected += key + "=" + std::string(member->second, 'v');
  }
  EXPECT_EQ(header, expected);
  // What is sent is still a valid tracestate.
  EXPECT_TRUE(TraceState::parse(header));
}

// Sizes: an entry is key + '=' + value; "a"+127 is 129 characters, so large; "a"+126 is 128, so not.
INSTANTIATE_TEST_SUITE_P(
    Table, TraceStateTruncate,
    testing::Values(
        TruncateCase{"fits", {{"a", 10}, {"b", 10}}, 512, {"a", "b"}},
        TruncateCase{"exactly_512", {{"a", 253}, {"b", 254}}, 512, {"a", "b"}},  // 255 + 1 + 256
        TruncateCase{"one_over_drops_from_end",
                     {{"a", 100}, {"b", 100}, {"c", 100}, {"d", 100}, {"e", 100}},
                     512,
                     {"a", "b", "c", "d"}},
        TruncateCase{"large_entry_goes_first",
                     {{"a", 100}, {"big", 200}, {"c", 100}, {"d", 100}, {"e", 100}},
                     512,
                     {"a", "c", "d", "e"}},
        TruncateCase{
            "128_is_not_large", {{"a", 126}, {"b", 126}, {"c", 126}, {"d", 126}, {"e", 10}}, 512, {"a", "b", "c"}},
        TruncateCase{
            "129_is_large", {{"a", 127}, {"b", 126}, {"c", 126}, {"d", 126}, {"e", 10}}, 512, {"b", "c", "d", "e"}},
        TruncateCase{
            "large_ones_right_most_first", {{"l1", 200}, {"s", 10}, {"l2", 200}, {"l3", 200}}, 512, {"l1", "s", "l2"}},
        TruncateCase{"all_large_then_end",
                     {{"l1", 200}, {"s1", 100}, {"l2", 200}, {"s2", 100}, {"s3", 100}, {"s4", 100}, {"s5", 100}},
                     512,
                     {"s1", "s2", "s3", "s4"}},
        TruncateCase{"single_entry_over_limit", {{"a", 256}}, 100, {}},
        TruncateCase{"key_and_value_at_max", {{std::string(256, 'k'), 256}}, 512, {}},
        TruncateCase{"zero_limit", {{"a", 1}}, 0, {}}),
    [](const testing::TestParamInfo<TruncateCase>& info) { return info.param.name; });

}  // namespace
}  // namespace gofr::tracing
