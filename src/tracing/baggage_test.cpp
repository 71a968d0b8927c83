// Rule tables for the W3C Baggage header: the spec's examples, the cases of the W3C reference implementation's
// tests (test/test_baggage.py), and the grammar's edges.
#include "tracing/baggage.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace gofr::tracing {
namespace {

using Props = std::vector<BaggageProperty>;
using Members = std::vector<BaggageMember>;

const BaggageProperty bare(std::string key) { return BaggageProperty{std::move(key), std::nullopt}; }
const BaggageProperty kv(std::string key, std::string value) { return BaggageProperty{std::move(key), value}; }

constexpr std::string_view fffd = "\xEF\xBF\xBD";
std::string fffds(int n) {
  std::string s;
  while (n-- > 0) s += fffd;
  return s;
}

struct ParseCase {
  std::string name;
  std::vector<std::string> fields;
  std::optional<Members> members;  // nullopt: no baggage at all
};

std::ostream& operator<<(std::ostream& os, const ParseCase& c) {
  for (const auto& f : c.fields) os << "[" << f << "]";
  return os;
}

class BaggageParse : public testing::TestWithParam<ParseCase> {};

TEST_P(BaggageParse, FollowsTheGrammar) {
  const auto& c = GetParam();
  const std::vector<std::string_view> fields(c.fields.begin(), c.fields.end());
  const auto baggage = Baggage::parse(fields);
  ASSERT_EQ(baggage.has_value(), c.members.has_value());
  if (!baggage) return;
  EXPECT_EQ(baggage->members(), *c.members);
  // What was accepted is sent whole and reads back the same.
  const auto again = Baggage::parse(baggage->to_header());
  ASSERT_TRUE(again) << baggage->to_header();
  EXPECT_EQ(*again, *baggage) << baggage->to_header();
}

// The reference tests' value: urllib.parse.quote("\t \"';=asdf!@#$%^&*()").
const std::string reference_value = "\t \"';=asdf!@#$%^&*()";
const std::string reference_encoded = "%09%20%22%27%3B%3Dasdf%21%40%23%24%25%5E%26%2A%28%29";

INSTANTIATE_TEST_SUITE_P(
    Valid, BaggageParse,
    testing::Values(
        // The spec's "Example" (3 list-members, 86 bytes).
        ParseCase{"spec_example",
                  {"key1=value1;property1;property2, key2 = value2, key3=value3; propertyKey=propertyValue"},
                  Members{{"key1", "value1", {bare("property1"), bare("property2")}},
                          {"key2", "value2", {}},
                          {"key3", "value3", {kv("propertyKey", "propertyValue")}}}},
        // The spec's "Examples of HTTP headers".
        ParseCase{"spec_single_header",
                  {"userId=alice,serverNode=DF%2028,isProduction=false"},
                  Members{{"userId", "alice", {}}, {"serverNode", "DF 28", {}}, {"isProduction", "false", {}}}},
        ParseCase{"spec_split_headers",
                  {"userId=alice", "serverNode=DF%2028,isProduction=false"},
                  Members{{"userId", "alice", {}}, {"serverNode", "DF 28", {}}, {"isProduction", "false", {}}}},
        ParseCase{"spec_spaces",
                  {"userId =   alice", "serverNode = DF%2028, isProduction = false"},
                  Members{{"userId", "alice", {}}, {"serverNode", "DF 28", {}}, {"isProduction", "false", {}}}},
        ParseCase{"spec_use_case", {"serverNode=DF%2028"}, Members{{"serverNode", "DF 28", {}}}},
        // The reference implementation's tests.
        ParseCase{"reference_simple", {"SomeKey=SomeValue"}, Members{{"SomeKey", "SomeValue", {}}}},
        ParseCase{
            "reference_multiple_equals", {"SomeKey=SomeValue=equals"}, Members{{"SomeKey", "SomeValue=equals", {}}}},
        ParseCase{
            "reference_percent_encoded", {"SomeKey=" + reference_encoded}, Members{{"SomeKey", reference_value, {}}}},
        ParseCase{"reference_percent_encoded_ows",
                  {"SomeKey \t = \t " + reference_encoded + " \t "},
                  Members{{"SomeKey", reference_value, {}}}},
        ParseCase{"reference_simple_ows", {"SomeKey \t = \t SomeValue \t "}, Members{{"SomeKey", "SomeValue", {}}}},
        ParseCase{"reference_properties",
                  {"SomeKey=SomeValue;SomeProp,SomeKey2=SomeValue2;ValueProp=PropVal"},
                  Members{{"SomeKey", "SomeValue", {bare("SomeProp")}},
                          {"SomeKey2", "SomeValue2", {kv("ValueProp", "PropVal")}}}},
        ParseCase{"reference_properties_ows",
                  {"SomeKey \t = \t SomeValue \t ; \t SomeProp \t , \t SomeKey2 \t = \t SomeValue2 \t ; \t "
                   "ValueProp \t = \t PropVal"},
                  Members{{"SomeKey", "SomeValue", {bare("SomeProp")}},
                          {"SomeKey2", "SomeValue2", {kv("ValueProp", "PropVal")}}}},
        ParseCase{"reference_multi_property_ows",
                  {"SomeKey \t = \t SomeValue \t ; \t SomeProp \t ; \t SecondProp \t = \t PropValue"},
                  Members{{"SomeKey", "SomeValue", {bare("SomeProp"), kv("SecondProp", "PropValue")}}}},
        // value = *baggage-octet: it may be empty, and may contain '='.
        ParseCase{"empty_value", {"k="}, Members{{"k", "", {}}}},
        ParseCase{"empty_value_spaces", {"k = "}, Members{{"k", "", {}}}},
        ParseCase{"empty_value_with_property", {"k= ;p"}, Members{{"k", "", {bare("p")}}}},
        ParseCase{"property_empty_value", {"k=v;p="}, Members{{"k", "v", {kv("p", "")}}}},
        ParseCase{"property_value_decoded", {"k=v;p=a%20b"}, Members{{"k", "v", {kv("p", "a b")}}}},
        ParseCase{"property_value_with_equals", {"k=v;p=a=b"}, Members{{"k", "v", {kv("p", "a=b")}}}},
        ParseCase{"property_bare_trailing_ows", {"k=v;p \t"}, Members{{"k", "v", {bare("p")}}}},
        // §3.2.1.3: percent-encoded UTF-8; bad sequences become U+FFFD, one per maximal subpart.
        ParseCase{"utf8", {"k=%C4%85%C5%9B%C4%87"}, Members{{"k", "\xC4\x85\xC5\x9B\xC4\x87", {}}}},
        ParseCase{"utf8_lowercase_escapes", {"k=%c4%85"}, Members{{"k", "\xC4\x85", {}}}},
        ParseCase{"utf8_four_bytes", {"k=%F0%9F%98%80"}, Members{{"k", "\xF0\x9F\x98\x80", {}}}},
        ParseCase{"utf8_lone_ff", {"k=a%FFb"}, Members{{"k", "a" + fffds(1) + "b", {}}}},
        ParseCase{"utf8_lone_continuation", {"k=%80"}, Members{{"k", fffds(1), {}}}},
        ParseCase{"utf8_truncated", {"k=%E2%82"}, Members{{"k", fffds(1), {}}}},
        ParseCase{"utf8_truncated_then_ascii", {"k=%E2%82A"}, Members{{"k", fffds(1) + "A", {}}}},
        ParseCase{"utf8_overlong", {"k=%C0%AF"}, Members{{"k", fffds(2), {}}}},
        ParseCase{"utf8_overlong_three", {"k=%E0%80%AF"}, Members{{"k", fffds(3), {}}}},
        ParseCase{"utf8_surrogate", {"k=%ED%A0%80"}, Members{{"k", fffds(3), {}}}},
        ParseCase{"utf8_above_max", {"k=%F4%90%80%80"}, Members{{"k", fffds(4), {}}}},
        ParseCase{"utf8_in_property", {"k=v;p=%FF"}, Members{{"k", "v", {kv("p", fffds(1))}}}},
        // A '%' that starts no escape stays a '%'.
        ParseCase{"percent_at_end", {"k=100%"}, Members{{"k", "100%", {}}}},
        ParseCase{"percent_not_hex", {"k=%zz"}, Members{{"k", "%zz", {}}}},
        ParseCase{"percent_one_digit", {"k=%4"}, Members{{"k", "%4", {}}}},
        ParseCase{"percent_then_escape", {"k=%%41"}, Members{{"k", "%A", {}}}},
        ParseCase{"encoded_percent", {"k=%25"}, Members{{"k", "%", {}}}},
        // Every baggage-octet may appear raw.
        ParseCase{
            "raw_octets", {"k=!#$&'()*+-./0:<=>?@A[]^_`a{|}~"}, Members{{"k", "!#$&'()*+-./0:<=>?@A[]^_`a{|}~", {}}}},
        // key = token.
        ParseCase{"key_tchar_specials", {"!#$%&'*+-.^_`|~09azAZ=v"}, Members{{"!#$%&'*+-.^_`|~09azAZ", "v", {}}}},
        ParseCase{"keys_case_sensitive", {"Key=1,key=2"}, Members{{"Key", "1", {}}, {"key", "2", {}}}},
        // §3.2.1.1: keys may repeat; order is kept.
        ParseCase{"duplicates_kept", {"k=1,j=0,k=2"}, Members{{"k", "1", {}}, {"j", "0", {}}, {"k", "2", {}}}},
        // Empty members and fields carry nothing.
        ParseCase{"empty_members", {"a=1,,b=2, ,c=3,"}, Members{{"a", "1", {}}, {"b", "2", {}}, {"c", "3", {}}}},
        ParseCase{"empty_field_first", {"", "a=1"}, Members{{"a", "1", {}}}},
        // Malformed members are removed one by one ("Mutating baggage"); the others stay.
        ParseCase{"drop_key_with_space", {"a=1,b c=2,d=3"}, Members{{"a", "1", {}}, {"d", "3", {}}}},
        ParseCase{"drop_empty_key", {"a=1,=2,c=3"}, Members{{"a", "1", {}}, {"c", "3", {}}}},
        ParseCase{"drop_no_equals", {"a=1,b,c=3"}, Members{{"a", "1", {}}, {"c", "3", {}}}},
        ParseCase{"drop_empty_property", {"a=1;,b=2"}, Members{{"b", "2", {}}}},
        ParseCase{"drop_empty_property_between", {"a=1;;p,b=2"}, Members{{"b", "2", {}}}},
        ParseCase{"drop_property_key_with_space", {"a=1;p q,b=2"}, Members{{"b", "2", {}}}},
        ParseCase{"drop_property_empty_key", {"a=1;=x,b=2"}, Members{{"b", "2", {}}}},
        ParseCase{"drop_property_value_with_space", {"a=1;p=x y,b=2"}, Members{{"b", "2", {}}}},
        ParseCase{"drop_value_with_space", {"a=b c,d=1"}, Members{{"d", "1", {}}}},
        ParseCase{"drop_value_with_dquote", {"a=\"x\",d=1"}, Members{{"d", "1", {}}}},
        ParseCase{"drop_value_with_backslash", {"a=x\\y,d=1"}, Members{{"d", "1", {}}}},
        ParseCase{"drop_value_raw_utf8", {"a=caf\xC3\xA9,d=1"}, Members{{"d", "1", {}}}},
        ParseCase{"drop_value_control", {"a=x\x01,d=1"}, Members{{"d", "1", {}}}},
        ParseCase{"drop_key_non_ascii", {"\xC3\xA9=1,d=1"}, Members{{"d", "1", {}}}},
        ParseCase{"drop_key_with_slash", {"a/b=1,d=1"}, Members{{"d", "1", {}}}},
        ParseCase{"drop_key_with_colon", {"a:b=1,d=1"}, Members{{"d", "1", {}}}}),
    [](const testing::TestParamInfo<ParseCase>& info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(Nothing, BaggageParse,
                         testing::Values(ParseCase{"no_field", {}, std::nullopt},
                                         ParseCase{"empty", {""}, std::nullopt},
                                         ParseCase{"whitespace", {" \t "}, std::nullopt},
                                         ParseCase{"commas", {", ,,"}, std::nullopt},
                                         ParseCase{"empty_fields", {"", ""}, std::nullopt},
                                         ParseCase{"bare_word", {"garbage"}, std::nullopt},
                                         ParseCase{"only_invalid", {"a b=1", "=2", "c=d e"}, std::nullopt}),
                         [](const testing::TestParamInfo<ParseCase>& info) { return info.param.name; });

struct EncodeCase {
  std::string name;
  std::string value;
  std::string header;
};

class BaggageEncode : public testing::TestWithParam<EncodeCase> {};

TEST_P(BaggageEncode, PercentEncodesOutsideBaggageOctet) {
  const auto& c = GetParam();
  Baggage baggage;
  ASSERT_TRUE(baggage.set("k", c.value));
  EXPECT_EQ(baggage.to_header(), c.header);
  const auto again = Baggage::parse(baggage.to_header());
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, baggage);
}

INSTANTIATE_TEST_SUITE_P(
    Table, BaggageEncode,
    testing::Values(EncodeCase{"plain", "alice", "k=alice"}, EncodeCase{"spec_space", "DF 28", "k=DF%2028"},
                    EncodeCase{"empty", "", "k="},
                    EncodeCase{"reference_value", reference_value, "k=%09%20%22'%3B=asdf!@#$%25^&*()"},
                    EncodeCase{"delimiters", ",;\\\"", "k=%2C%3B%5C%22"}, EncodeCase{"percent", "100%", "k=100%25"},
                    EncodeCase{"utf8", "\xC4\x85\xC5\x9B\xC4\x87", "k=%C4%85%C5%9B%C4%87"},
                    EncodeCase{"controls", std::string("\x7f\0\n", 3), "k=%7F%00%0A"},
                    EncodeCase{"invalid_utf8_replaced", "a\xFF", "k=a%EF%BF%BD"},
                    EncodeCase{"raw_octets_verbatim", "!#$&'()*+-./:<=>?@[]^_`{|}~", "k=!#$&'()*+-./:<=>?@[]^_`{|}~"}),
    [](const testing::TestParamInfo<EncodeCase>& info) { return info.param.name; });

TEST(BaggageEncode, Properties) {
  Baggage baggage;
  ASSERT_TRUE(baggage.set("k", "v", {bare("p"), kv("q", "a b"), kv("r", "")}));
  EXPECT_EQ(baggage.to_header(), "k=v;p;q=a%20b;r=");
  EXPECT_EQ(Baggage::parse(baggage.to_header()), baggage);
}

TEST(BaggageEncode, SpecExampleIsCanonicalised) {
  const auto baggage =
      Baggage::parse("key1=value1;property1;property2, key2 = value2, key3=value3; propertyKey=propertyValue");
  ASSERT_TRUE(baggage);
  EXPECT_EQ(baggage->to_header(), "key1=value1;property1;property2,key2=value2,key3=value3;propertyKey=propertyValue");
}

TEST(BaggageMutation, GetFindSetErase) {
  auto baggage = Baggage::parse("a=1;p,b=2,a=3");
  ASSERT_TRUE(baggage);
  EXPECT_EQ(baggage->get("a"), "1");  // the first of duplicates
  ASSERT_TRUE(baggage->find("a"));
  EXPECT_EQ(baggage->find("a")->properties, Props{bare("p")});
  EXPECT_FALSE(baggage->get("A"));
  EXPECT_EQ(baggage->find("zz"), nullptr);

  // Update in place, dropping later duplicates.
  ASSERT_TRUE(baggage->set("a", "9"));
  EXPECT_EQ(baggage->to_header(), "a=9,b=2");
  // New keys are appended.
  ASSERT_TRUE(baggage->set("c", "x y"));
  EXPECT_EQ(baggage->to_header(), "a=9,b=2,c=x%20y");
  EXPECT_EQ(baggage->get("c"), "x y");
  // Invalid keys change nothing.
  EXPECT_FALSE(baggage->set("a b", "1"));
  EXPECT_FALSE(baggage->set("", "1"));
  EXPECT_FALSE(baggage->set("d", "1", {bare("p q")}));
  EXPECT_EQ(baggage->to_header(), "a=9,b=2,c=x%20y");

  EXPECT_EQ(baggage->erase("b"), 1u);
  EXPECT_EQ(baggage->erase("b"), 0u);
  EXPECT_EQ(baggage->size(), 2u);
  auto dups = Baggage::parse("k=1,j=2,k=3");
  EXPECT_EQ(dups->erase("k"), 2u);
  EXPECT_EQ(dups->to_header(), "j=2");
}

TEST(BaggageKey, IsAToken) {
  EXPECT_TRUE(Baggage::valid_key("userId"));
  EXPECT_TRUE(Baggage::valid_key("!#$%&'*+-.^_`|~"));
  for (std::string_view bad : {"",    "a b", "a\tb", "a,b", "a;b", "a=b", "a\"b", "a(b", "a)b", "a/b",   "a:b",
                               "a<b", "a>b", "a?b",  "a@b", "a[b", "a]b", "a\\b", "a{b", "a}b", "a\x7f", "\xC3\xA9"}) {
    EXPECT_FALSE(Baggage::valid_key(bad)) << bad;
  }
}

std::string members_header(int count, std::string_view value) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    if (i) out += ',';
    out += "key" + std::to_string(i) + "=";
    out += value;
  }
  return out;
}

// §3.2.1: at most 180 list-members; §3.3: at least 64 MUST be propagated.
TEST(BaggageLimits, MemberCount) {
  EXPECT_EQ(Baggage::parse(members_header(64, "value"))->size(), 64u);
  EXPECT_EQ(Baggage::parse(members_header(180, "value"))->size(), 180u);
  const auto over = Baggage::parse(members_header(200, "value"));
  ASSERT_TRUE(over);
  EXPECT_EQ(over->size(), 180u);
  EXPECT_EQ(over->members().back().key, "key179");
  // Counted across fields.
  const std::string half = members_header(100, "v");
  const std::vector<std::string_view> fields{half, half};
  EXPECT_EQ(Baggage::parse(fields)->size(), 180u);
  // Invalid members do not use up the count.
  EXPECT_EQ(Baggage::parse("bad," + members_header(180, "v"))->size(), 180u);

  Baggage built;
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(built.set("key" + std::to_string(i), "value"));
  EXPECT_EQ(built.size(), 200u);
  EXPECT_EQ(built.to_header(), members_header(180, "value"));
}

// §3.3: a baggage-string of 8192 bytes MUST be propagated; past that, whole members MAY be dropped.
TEST(BaggageLimits, Bytes) {
  // The reference test_serialize_long_entry: "a=" + 8190 characters is exactly 8192 bytes.
  std::string long_value;
  for (int i = 0; i < 819; ++i) long_value += "0123456789";
  Baggage one;
  ASSERT_TRUE(one.set("a", long_value));
  EXPECT_EQ(one.to_header().size(), 8192u);
  EXPECT_EQ(Baggage::parse(one.to_header()), one);
  ASSERT_TRUE(one.set("a", long_value + "x"));
  EXPECT_EQ(one.to_header(), "");  // 8193 bytes: never a partial member
  EXPECT_FALSE(Baggage::parse("a=" + long_value + "x"));

  // Eight 1000-byte members and their commas fit (8007 bytes), a ninth does not, a small one after still does.
  std::string header;
  for (int i = 0; i < 9; ++i) header.append("k").append(std::to_string(i)).append("=").append(997, 'v').append(",");
  header += "z=1";
  const auto baggage = Baggage::parse(header);
  ASSERT_TRUE(baggage);
  EXPECT_EQ(baggage->size(), 9u);
  EXPECT_FALSE(baggage->get("k8"));
  EXPECT_EQ(baggage->get("z"), "1");
  EXPECT_EQ(baggage->to_header().size(), 8011u);
  EXPECT_EQ(Baggage::parse(baggage->to_header()), baggage);

  // The budget is the size as sent: escapes that decode to plain characters shrink...
  std::string escaped = "k=";
  for (int i = 0; i < 3000; ++i) escaped += "%41";
  ASSERT_TRUE(Baggage::parse(escaped));
  EXPECT_EQ(Baggage::parse(escaped)->to_header().size(), 3002u);
  // ...and characters that must be escaped grow.
  EXPECT_FALSE(Baggage::parse("k=" + std::string(3000, '%')));
}

}  // namespace
}  // namespace gofr::tracing
