#include "http/router.hpp"

#include <gtest/gtest.h>

#include "http/path.hpp"
#include "http/query.hpp"

namespace gofr::http {
namespace {

using R = Router<std::string>;

TEST(Router, MatchesStaticBeforeVariablesAndDecodesParams) {
  R r;
  r.add("GET", "/users/{id}", "user");
  r.add("GET", "/users/me", "me");
  r.add("GET", "/files/{id:[0-9]+}", "file");
  R::Match m;
  ASSERT_EQ(r.match("GET", "/users/me", m), R::Outcome::found);
  EXPECT_EQ(*m.target, "me");
  ASSERT_EQ(r.match("GET", "/users/a%20b", m), R::Outcome::found);
  EXPECT_EQ(*m.target, "user");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].name, "id");
  EXPECT_EQ(m.params[0].value, "a b");
  EXPECT_EQ(r.match("GET", "/files/12", m), R::Outcome::found);
  EXPECT_EQ(r.match("GET", "/files/x12", m), R::Outcome::not_found);
  EXPECT_EQ(r.match("GET", "/users", m), R::Outcome::not_found);
  EXPECT_EQ(r.match("GET", "/users/%2e%2e%2fetc%2fpasswd", m), R::Outcome::not_found);
  EXPECT_EQ(r.match("GET", "/users/%2E%2E", m), R::Outcome::not_found);
  EXPECT_EQ(r.match("GET", "/users/a%2Fb", m), R::Outcome::not_found);
  EXPECT_EQ(r.match("GET", "/users/1/2", m), R::Outcome::not_found);
}

TEST(Router, MethodNotAllowedListsAllowedMethodsAndHeadFallsBackToGet) {
  R r;
  r.add("GET", "/items", "list");
  r.add("POST", "/items", "create");
  R::Match m;
  ASSERT_EQ(r.match("DELETE", "/items", m), R::Outcome::method_not_allowed);
  EXPECT_EQ(m.allowed, (std::vector<std::string_view>{"GET", "POST", "HEAD", "OPTIONS"}));
  ASSERT_EQ(r.match("HEAD", "/items", m), R::Outcome::found);
  EXPECT_EQ(*m.target, "list");
}

TEST(Router, AllowListsMethodsOfEveryRouteMatchingThePath) {
  R r;
  r.add("GET", "/users/me", "me");
  r.add("DELETE", "/users/{id}", "delete");
  R::Match m;
  ASSERT_EQ(r.match("PUT", "/users/me", m), R::Outcome::method_not_allowed);
  EXPECT_EQ(m.allowed, (std::vector<std::string_view>{"GET", "HEAD", "DELETE", "OPTIONS"}));
  ASSERT_EQ(r.match("DELETE", "/users/me", m), R::Outcome::found);
  EXPECT_EQ(*m.target, "delete");
}

TEST(Router, BacktracksAcrossVariables) {
  R r;
  r.add("GET", "/{a}/x", "ax");
  r.add("GET", "/{b:[0-9]+}/y", "by");
  R::Match m;
  ASSERT_EQ(r.match("GET", "/1/y", m), R::Outcome::found);
  EXPECT_EQ(*m.target, "by");
  EXPECT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].name, "b");
}

TEST(Router, RejectsBadPatternsAndDuplicates) {
  R r;
  r.add("GET", "/a/{id}", "a");
  EXPECT_THROW(r.add("GET", "/a/{id}", "dup"), std::invalid_argument);
  EXPECT_THROW(r.add("GET", "no-slash", "x"), std::invalid_argument);
  EXPECT_THROW(r.add("GET", "/a/{id", "x"), std::invalid_argument);
  EXPECT_THROW(r.add("GET", "/a/x{id}", "x"), std::invalid_argument);
  EXPECT_THROW(r.add("GET", "/a/{id:[}", "x"), std::invalid_argument);
  EXPECT_THROW(r.add("GET", "/a/{}", "x"), std::invalid_argument);
}

TEST(Path, CleansLikeGo) {
  EXPECT_EQ(clean_path("/"), "/");
  EXPECT_EQ(clean_path(""), "/");
  EXPECT_EQ(clean_path("/users/"), "/users");
  EXPECT_EQ(clean_path("//users//1"), "/users/1");
  EXPECT_EQ(clean_path("/a/./b/../c"), "/a/c");
  EXPECT_EQ(clean_path("/../../x"), "/x");
  EXPECT_EQ(clean_path("/a/b/.."), "/a");
  EXPECT_EQ(clean_path("/a/.b/..c"), "/a/.b/..c");
}

TEST(Path, ACleanPathIsNotCopied) {
  std::string storage;
  const std::string_view clean = "/hello.Greeter/SayHello";
  EXPECT_EQ(clean_path(clean, storage).data(), clean.data());
  EXPECT_TRUE(storage.empty());
  EXPECT_EQ(clean_path("/a//b/", storage), "/a/b");
  EXPECT_EQ(storage, "/a/b");
}

TEST(Path, PercentDecoding) {
  std::string out;
  EXPECT_TRUE(percent_decode("a%20b+c", out, true));
  EXPECT_EQ(out, "a b c");
  EXPECT_TRUE(percent_decode("a+b", out, false));
  EXPECT_EQ(out, "a+b");
  EXPECT_FALSE(percent_decode("%2", out, false));
  EXPECT_FALSE(percent_decode("%zz", out, false));
}

TEST(Query, PairsAreDecodedAndMalformedEscapesKept) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for_each_query_pair("a=1&b=x%20y&&c&d=%zz&e=a+b", [&](std::string_view n, std::string_view v) {
    pairs.emplace_back(n, v);
    return true;
  });
  ASSERT_EQ(pairs.size(), 5u);
  EXPECT_EQ(pairs[1], (std::pair<std::string, std::string>{"b", "x y"}));
  EXPECT_EQ(pairs[2], (std::pair<std::string, std::string>{"c", ""}));
  EXPECT_EQ(pairs[3], (std::pair<std::string, std::string>{"d", "%zz"}));
  EXPECT_EQ(pairs[4], (std::pair<std::string, std::string>{"e", "a b"}));
}

}  // namespace
}  // namespace gofr::http
