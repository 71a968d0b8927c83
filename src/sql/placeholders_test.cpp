// One parameter syntax for every dialect: ? and $n rewritten for each driver, with quoted text, identifiers,
// dollar-quoted bodies and comments left alone.
#include "sql/placeholders.hpp"

#include <gtest/gtest.h>

#include "gofr/sql/types.hpp"

namespace gofr::sql::detail {
namespace {

TEST(Placeholders, QuestionMarksBecomeNumberedForPostgres) {
  EXPECT_EQ(rewrite_placeholders("SELECT * FROM t WHERE a = ? AND b = ?", Dialect::postgres),
            "SELECT * FROM t WHERE a = $1 AND b = $2");
  EXPECT_EQ(rewrite_placeholders("SELECT '?', \"?\", ? -- ?\n, ? /* ? */", Dialect::postgres),
            "SELECT '?', \"?\", $1 -- ?\n, $2 /* ? */");
  EXPECT_EQ(rewrite_placeholders("SELECT $body$ ? $body$, ?", Dialect::postgres), "SELECT $body$ ? $body$, $1");
  EXPECT_EQ(rewrite_placeholders("SELECT 'it''s ?', ?", Dialect::postgres), "SELECT 'it''s ?', $1");
}

TEST(Placeholders, NumberedStatementsKeepTheirQuestionMarksAsJsonbOperators) {
  EXPECT_EQ(rewrite_placeholders("SELECT doc ? 'k' FROM t WHERE id = $1", Dialect::postgres),
            "SELECT doc ? 'k' FROM t WHERE id = $1");
}

TEST(Placeholders, NumberedBecomeSqliteNumbered) {
  EXPECT_EQ(rewrite_placeholders("UPDATE t SET a = $2 WHERE id = $1", Dialect::sqlite), "UPDATE t SET a = ?2 WHERE id = ?1");
  EXPECT_EQ(rewrite_placeholders("SELECT ? , '$1'", Dialect::sqlite), "SELECT ? , '$1'");
  EXPECT_EQ(rewrite_placeholders("SELECT price * 2 FROM t", Dialect::sqlite), "SELECT price * 2 FROM t");
}

TEST(Placeholders, MixedOrOutOfRangeIsAnError) {
  EXPECT_THROW(rewrite_placeholders("SELECT ? , $1", Dialect::sqlite), Error);
  EXPECT_THROW(rewrite_placeholders("SELECT $0", Dialect::sqlite), Error);
  EXPECT_THROW(rewrite_placeholders("SELECT $99999999999", Dialect::sqlite), Error);
}

TEST(Placeholders, PostgresEscapeStringsNestedCommentsAndDollarsInNames) {
  // E'…' ends at an unescaped quote: \' does not end it.
  EXPECT_EQ(rewrite_placeholders(R"(SELECT E'it\'s ?', ?)", Dialect::postgres), R"(SELECT E'it\'s ?', $1)");
  EXPECT_EQ(rewrite_placeholders(R"(SELECT e'\\', ?)", Dialect::postgres), R"(SELECT e'\\', $1)");
  // A name that ends in E is not an escape string.
  EXPECT_EQ(rewrite_placeholders("SELECT TYPE'x', ?", Dialect::postgres), "SELECT TYPE'x', $1");
  // Block comments nest in PostgreSQL, not in SQLite.
  EXPECT_EQ(rewrite_placeholders("SELECT /* a /* b */ ? */ ?", Dialect::postgres), "SELECT /* a /* b */ ? */ $1");
  EXPECT_EQ(rewrite_placeholders("SELECT /* a /* b */ $1", Dialect::sqlite), "SELECT /* a /* b */ ?1");
  // `$` inside a name is part of it: not a parameter, not a dollar quote.
  EXPECT_EQ(rewrite_placeholders("SELECT a$1, b$c$ FROM t WHERE x = ?", Dialect::postgres),
            "SELECT a$1, b$c$ FROM t WHERE x = $1");
  EXPECT_EQ(rewrite_placeholders("SELECT a$1 FROM t WHERE x = $1", Dialect::sqlite),
            "SELECT a$1 FROM t WHERE x = ?1");
}

TEST(Placeholders, SqliteHasNoBackslashEscapes) {
  EXPECT_EQ(rewrite_placeholders(R"(SELECT E'\', $1)", Dialect::sqlite), R"(SELECT E'\', ?1)");
}

TEST(Placeholders, UnterminatedQuotesAreLeftForTheDriver) {
  EXPECT_EQ(rewrite_placeholders("SELECT 'abc ?", Dialect::postgres), "SELECT 'abc ?");
  EXPECT_EQ(rewrite_placeholders("SELECT ? /* open", Dialect::postgres), "SELECT $1 /* open");
}

}  // namespace
}  // namespace gofr::sql::detail
