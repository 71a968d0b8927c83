#pragma once
// What SQL statements take and give back, the same for every dialect: values (NULL, integer, real, text, blob),
// rows read by column name or position, and what a statement that changes rows reports.
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace gofr::sql {

// The database behind ctx.sql() (DB_DIALECT).
enum class Dialect { sqlite, postgres };

// Bytes that are not text (a BLOB, bytea).
struct Blob {
  std::string bytes;
  bool operator==(const Blob&) const = default;
};

// NULL, INTEGER, REAL, TEXT, BLOB.
using Value = std::variant<std::monostate, std::int64_t, double, std::string, Blob>;

// A statement failed: the driver's message, and its code: SQLite's extended result code ("2067" is
// SQLITE_CONSTRAINT_UNIQUE), PostgreSQL's SQLSTATE ("23505"), or the framework's own ("type_mismatch",
// "placeholders").
class Error : public std::runtime_error {
 public:
  Error(std::string message, std::string code) : std::runtime_error(std::move(message)), code_(std::move(code)) {}
  const std::string& code() const noexcept { return code_; }

 private:
  std::string code_;
};

namespace detail {
template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
}  // namespace detail

// An argument as the value bound to a placeholder: integers and bool as INTEGER, floating point as REAL, strings as
// TEXT, Blob as BLOB, std::nullopt and nullptr as NULL, an optional as its value or NULL. An unsigned value above
// INT64_MAX throws Error (code "out_of_range") rather than wrapping to a negative number.
template <class T>
Value to_value(const T& v) {
  using U = std::remove_cvref_t<T>;
  if constexpr (std::is_same_v<U, Value>) {
    return v;
  } else if constexpr (std::is_same_v<U, std::nullptr_t> || std::is_same_v<U, std::nullopt_t>) {
    return std::monostate{};
  } else if constexpr (detail::is_optional<U>::value) {
    return v ? to_value(*v) : Value(std::monostate{});
  } else if constexpr (std::is_same_v<U, bool>) {
    return std::int64_t{v ? 1 : 0};
  } else if constexpr (std::is_integral_v<U>) {
    if (!std::in_range<std::int64_t>(v)) {
      throw Error("the argument " + std::to_string(v) + " does not fit a 64-bit signed integer", "out_of_range");
    }
    return static_cast<std::int64_t>(v);
  } else if constexpr (std::is_floating_point_v<U>) {
    return static_cast<double>(v);
  } else if constexpr (std::is_same_v<U, Blob>) {
    return v;
  } else if constexpr (std::is_convertible_v<const U&, std::string_view>) {
    return std::string(std::string_view(v));
  } else {
    static_assert(sizeof(U) == 0, "gofr::sql: bind integers, floating point, strings, Blob, optionals or nullptr");
  }
}

// One row of a result. Cheap to copy: the column names are shared by every row of the result.
class Row {
 public:
  Row(std::shared_ptr<const std::vector<std::string>> columns, std::vector<Value> values)
      : columns_(std::move(columns)), values_(std::move(values)) {}

  std::size_t size() const noexcept { return values_.size(); }
  const std::vector<std::string>& columns() const noexcept { return *columns_; }
  const Value& operator[](std::size_t i) const { return values_.at(i); }
  // Throws std::out_of_range naming the column when the result has none of that name.
  const Value& at(std::string_view column) const;

  // The column converted: integer types (and bool) from INTEGER, floating point from INTEGER or REAL, std::string
  // from TEXT or BLOB, Blob from BLOB or TEXT, std::optional<T> for a column that may be NULL. Throws Error naming
  // the column when the value cannot be one (a NULL into a non-optional, TEXT into an integer: "type_mismatch"; an
  // integer the type cannot hold, such as 300 into std::uint8_t: "out_of_range").
  template <class T>
  T get(std::string_view column) const {
    return convert<T>(at(column), column);
  }
  template <class T>
  T get(std::size_t index) const {
    return convert<T>((*this)[index], columns().at(index));
  }

 private:
  template <class T>
  static T convert(const Value& v, std::string_view column);
  [[noreturn]] static void mismatch(std::string_view column, std::string_view wanted, const Value& v);
  [[noreturn]] static void out_of_range(std::string_view column, std::int64_t v, std::size_t bits, bool is_signed);

  std::shared_ptr<const std::vector<std::string>> columns_;
  std::vector<Value> values_;
};

template <class T>
T Row::convert(const Value& v, std::string_view column) {
  if constexpr (detail::is_optional<T>::value) {
    if (std::holds_alternative<std::monostate>(v)) return std::nullopt;
    return convert<typename T::value_type>(v, column);
  } else if constexpr (std::is_same_v<T, bool>) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return *i != 0;
    mismatch(column, "an integer", v);
  } else if constexpr (std::is_integral_v<T>) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) {
      if (!std::in_range<T>(*i)) out_of_range(column, *i, sizeof(T) * 8, std::is_signed_v<T>);
      return static_cast<T>(*i);
    }
    mismatch(column, "an integer", v);
  } else if constexpr (std::is_floating_point_v<T>) {
    if (const auto* d = std::get_if<double>(&v)) return static_cast<T>(*d);
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<T>(*i);
    mismatch(column, "a number", v);
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    if (const auto* b = std::get_if<Blob>(&v)) return b->bytes;
    mismatch(column, "text", v);
  } else if constexpr (std::is_same_v<T, Blob>) {
    if (const auto* b = std::get_if<Blob>(&v)) return *b;
    if (const auto* s = std::get_if<std::string>(&v)) return Blob{*s};
    mismatch(column, "bytes", v);
  } else if constexpr (std::is_same_v<T, Value>) {
    return v;
  } else {
    static_assert(sizeof(T) == 0, "gofr::sql::Row::get: ask for an integer, floating point, std::string, Blob or optional");
  }
}

// What a statement that changes rows reports. `last_insert_id` is SQLite's rowid of the last INSERT (PostgreSQL has
// none: use RETURNING).
struct Result {
  std::int64_t rows_affected = 0;
  std::optional<std::int64_t> last_insert_id;
};

}  // namespace gofr::sql
