// The SQLite driver against a real in-memory database: bound parameters of every type, NULLs, results by name and
// position, the statement cache, and errors that name the problem.
#include "sql/sqlite_connection.hpp"

#include <array>

#include <gtest/gtest.h>

namespace gofr::sql::detail {
namespace {

class Sqlite : public ::testing::Test {
 protected:
  SqliteConnection db{":memory:"};
  void SetUp() override {
    db.exec_script("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, price REAL, photo BLOB)");
  }
  template <class... A>
  std::vector<Row> query(std::string_view sql, const A&... args) {
    const std::array<Value, sizeof...(A)> values{to_value(args)...};
    return db.query(sql, values);
  }
  template <class... A>
  Result exec(std::string_view sql, const A&... args) {
    const std::array<Value, sizeof...(A)> values{to_value(args)...};
    return db.exec(sql, values);
  }
};

TEST_F(Sqlite, ValuesRoundTripByNameAndPosition) {
  const auto r = exec("INSERT INTO items (name, price, photo) VALUES (?, ?, ?)", "tea", 2.5, Blob{std::string("\0\1", 2)});
  EXPECT_EQ(r.rows_affected, 1);
  EXPECT_EQ(r.last_insert_id, 1);
  exec("INSERT INTO items (name, price, photo) VALUES ($1, $2, $3)", "cake", std::optional<double>(), nullptr);
  const auto rows = query("SELECT id, name, price, photo FROM items ORDER BY id");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].get<int>("id"), 1);
  EXPECT_EQ(rows[0].get<std::string>("name"), "tea");
  EXPECT_DOUBLE_EQ(rows[0].get<double>(2), 2.5);
  EXPECT_EQ(rows[0].get<Blob>("photo").bytes, std::string("\0\1", 2));
  EXPECT_EQ(rows[1].get<std::optional<double>>("price"), std::nullopt);
  EXPECT_EQ(rows[1].columns(), (std::vector<std::string>{"id", "name", "price", "photo"}));
}

TEST_F(Sqlite, WhatAStatementReportsIsItsOwn) {
  exec("INSERT INTO items (name) VALUES (?)", "tea");
  // DDL changes no rows, whatever the statement before it did.
  EXPECT_EQ(exec("CREATE TABLE other (x INTEGER)").rows_affected, 0);
  // An INSERT that inserted nothing has no new rowid.
  const auto ignored = exec("INSERT OR IGNORE INTO items (name) VALUES (?)", "tea");
  EXPECT_EQ(ignored.rows_affected, 0);
  EXPECT_EQ(ignored.last_insert_id, std::nullopt);
  EXPECT_EQ(exec("UPDATE items SET price = 1").rows_affected, 1);
  EXPECT_EQ(exec("UPDATE items SET price = 1").last_insert_id, std::nullopt);
}

TEST_F(Sqlite, IntegersOutOfRangeAreErrorsNotWrapped) {
  EXPECT_THROW(exec("INSERT INTO items (name, price) VALUES (?, ?)", "big", std::uint64_t{1} << 63), Error);
  exec("INSERT INTO items (id, name) VALUES (?, ?)", 300, "wide");
  const auto row = query("SELECT id FROM items")[0];
  EXPECT_EQ(row.get<std::int16_t>("id"), 300);
  try {
    row.get<std::uint8_t>("id");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "out_of_range");
    EXPECT_NE(std::string(e.what()).find("\"id\" holds 300"), std::string::npos) << e.what();
  }
  exec("UPDATE items SET id = -1");
  EXPECT_THROW(query("SELECT id FROM items")[0].get<unsigned>("id"), Error);
}

TEST_F(Sqlite, ParametersAreNeverSql) {
  exec("INSERT INTO items (name) VALUES (?)", "x'); DROP TABLE items; --");
  const auto rows = query("SELECT name FROM items WHERE name = ?", "x'); DROP TABLE items; --");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(query("SELECT count(*) AS n FROM items")[0].get<int>("n"), 1);
}

TEST_F(Sqlite, ErrorsNameTheProblem) {
  exec("INSERT INTO items (name) VALUES (?)", "tea");
  try {
    exec("INSERT INTO items (name) VALUES (?)", "tea");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "2067");  // SQLITE_CONSTRAINT_UNIQUE
    EXPECT_NE(std::string(e.what()).find("UNIQUE constraint failed: items.name"), std::string::npos) << e.what();
  }
  EXPECT_THROW(query("SELECT nope FROM items"), Error);
  EXPECT_THROW(query("SELECT * FROM items WHERE id = ?"), Error);           // a parameter without a value
  EXPECT_THROW(query("SELECT 1; SELECT 2"), Error);                         // one statement per call
  EXPECT_THROW(query("SELECT name FROM items")[0].get<int>("name"), Error);  // text is not an integer
  EXPECT_THROW(query("SELECT price FROM items")[0].get<double>("price"), Error);  // NULL needs an optional
  EXPECT_THROW(query("SELECT name FROM items")[0].get<std::string>("nope"), std::out_of_range);
}

TEST_F(Sqlite, PreparedStatementsAreReusedAndReset) {
  for (int i = 0; i < 200; ++i) exec("INSERT INTO items (name) VALUES (?)", "item " + std::to_string(i));
  for (int i = 0; i < 100; ++i) {  // more distinct statements than the cache holds
    EXPECT_EQ(query("SELECT count(*) AS n FROM items WHERE id > " + std::to_string(i))[0].get<int>("n"), 200 - i);
  }
  EXPECT_FALSE(db.in_transaction());
}

TEST_F(Sqlite, TransactionsCommitAndRollBack) {
  db.exec_script("BEGIN");
  EXPECT_TRUE(db.in_transaction());
  exec("INSERT INTO items (name) VALUES (?)", "kept");
  db.exec_script("COMMIT");
  db.exec_script("BEGIN");
  exec("INSERT INTO items (name) VALUES (?)", "dropped");
  db.exec_script("ROLLBACK");
  const auto rows = query("SELECT name FROM items");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].get<std::string>("name"), "kept");
}

TEST(SqliteOpen, AnUnopenableFileIsAnErrorNamingIt) {
  try {
    SqliteConnection db("/nonexistent-dir/x.db");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/x.db"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace gofr::sql::detail
