// What telemetry says of a statement: its type, and its text without the values written into it.
#include "sql/statement_summary.hpp"

#include <gtest/gtest.h>

#include "gofr/sql/db.hpp"

namespace gofr::sql::detail {
namespace {

TEST(StatementSummary, TypeIsTheFirstKeywordUpperCased) {
  EXPECT_EQ(statement_type("select * from t"), "SELECT");
  EXPECT_EQ(statement_type("  /* why */ -- note\n Insert into t values (1)"), "INSERT");
  EXPECT_EQ(statement_type("WITH x AS (SELECT 1) SELECT * FROM x"), "WITH");
  EXPECT_EQ(statement_type(""), "");
  EXPECT_EQ(statement_type("(SELECT 1)"), "");
}

TEST(StatementSummary, LiteralsAreTakenOut) {
  EXPECT_EQ(without_literals("SELECT * FROM t1 WHERE name = 'bob' AND age > 42 AND x = ?", Dialect::sqlite),
            "SELECT * FROM t1 WHERE name = ? AND age > ? AND x = ?");
  EXPECT_EQ(without_literals("INSERT INTO \"t\" (a, b) VALUES (1.5e3, 'it''s')", Dialect::sqlite),
            "INSERT INTO \"t\" (a, b) VALUES (?, ?)");
  EXPECT_EQ(without_literals("SELECT E'secret\\'s', $body$ x $body$, $1, a$2 -- 7\n", Dialect::postgres),
            "SELECT ?, ?, $1, a$2 -- 7\n");
  EXPECT_EQ(without_literals("SELECT 0xFF, .5 LIMIT 10", Dialect::sqlite), "SELECT ?, ? LIMIT ?");
}

TEST(StatementSummary, MembersMeetColumnsBySnakeCase) {
  EXPECT_EQ(snake_case("created_at"), "created_at");
  EXPECT_EQ(snake_case("createdAt"), "created_at");
  EXPECT_EQ(snake_case("ID"), "id");
  EXPECT_EQ(snake_case("HTTPCode"), "http_code");
  EXPECT_EQ(snake_case("userID2"), "user_id2");
}

}  // namespace
}  // namespace gofr::sql::detail
