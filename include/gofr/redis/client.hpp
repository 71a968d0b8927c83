#pragma once
// The app's Redis (REDIS_HOST), on behalf of the request being served (GoFr's ctx.Redis):
//
//   co_await ctx.redis().set("session:42", token, std::chrono::minutes(30));
//   auto token = co_await ctx.redis().get("session:42");          // std::optional<std::string>
//   auto n = co_await ctx.redis().incr("visits");
//   auto reply = co_await ctx.redis().command("ZADD", "board", 12, "ada");   // any command
//   const std::vector<std::vector<std::string>> batch{{"INCR", "a"}, {"EXPIRE", "a", "60"}};
//   auto replies = co_await ctx.redis().pipeline(batch);                 // one round trip
//
// Each worker thread keeps one connection to the server and pipelines the commands of all its requests on it, in
// order, so a busy service sends many commands per round trip without a pool to size. Every command gets a CLIENT
// span, app_redis_stats and GoFr's DEBUG line. See docs/redis.md.
//
// Threading: use a Client from the handler that got it; the call resumes on the handler's worker thread.
#include <charconv>
#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "gofr/task.hpp"

namespace gofr {
class Context;
}

namespace gofr::redis {

namespace detail {
class Datasource;
}

// One reply (RESP2): nil, an integer, a string (bulk or status), or an array of replies. An error reply is thrown as
// Error; inside an array (EXEC's answer) it is an element of type `error`, its message in `string`.
struct Reply {
  enum class Type { nil, integer, string, status, array, error };
  Type type = Type::nil;
  std::int64_t integer = 0;
  std::string string;  // a bulk string's bytes, or a status ("OK")
  std::vector<Reply> elements;

  bool is_nil() const noexcept { return type == Type::nil; }
};

// A command that failed: the server's error reply, with its prefix as the code ("WRONGTYPE", "ERR", "NOAUTH" …), or
// the framework's own: "unavailable" (no connection to the server), "timeout" (no reply before the deadline),
// "protocol" (a reply that is not RESP), "type" (a reply of another type than the method returns).
class Error : public std::runtime_error {
 public:
  Error(std::string message, std::string code) : std::runtime_error(std::move(message)), code_(std::move(code)) {}
  const std::string& code() const noexcept { return code_; }

 private:
  std::string code_;
};

// An argument of a command, as the bytes sent: strings as they are, integers and floating point in decimal.
template <class T>
std::string to_argument(const T& v) {
  using U = std::remove_cvref_t<T>;
  if constexpr (std::is_same_v<U, bool>) {
    return v ? "1" : "0";
  } else if constexpr (std::is_integral_v<U> || std::is_floating_point_v<U>) {
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);  // shortest form that reads back exactly
    return std::string(buffer, end);
  } else if constexpr (std::is_convertible_v<const U&, std::string_view>) {
    return std::string(std::string_view(v));
  } else {
    static_assert(sizeof(U) == 0, "gofr::redis: pass strings, integers or floating point");
  }
}

class Client {
 public:
  Client(Context& ctx, detail::Datasource& datasource) noexcept : ctx_(&ctx), datasource_(&datasource) {}

  // Any command: `command("HSET", "user:1", "name", "Ada")`.
  template <class... A>
  Task<Reply> command(std::string_view name, const A&... args) {
    return run({std::string(name), to_argument(args)...});
  }
  Task<Reply> run(std::vector<std::string> command);
  // Several commands sent together and answered together: one round trip. MULTI … EXEC inside a pipeline is a
  // transaction. An error reply inside the pipeline is thrown after all of them have been read.
  Task<std::vector<Reply>> pipeline(std::vector<std::vector<std::string>> commands);

  // The common commands, with the types their replies have.
  Task<std::optional<std::string>> get(std::string key);
  Task<void> set(std::string key, std::string value, std::optional<std::chrono::milliseconds> ttl = std::nullopt);
  Task<std::int64_t> del(std::vector<std::string> keys);
  Task<std::int64_t> exists(std::vector<std::string> keys);
  Task<bool> expire(std::string key, std::chrono::milliseconds ttl);
  Task<std::int64_t> incr(std::string key) { return integer({"INCR", std::move(key)}); }
  Task<std::int64_t> incr_by(std::string key, std::int64_t by) {
    return integer({"INCRBY", std::move(key), std::to_string(by)});
  }
  Task<std::int64_t> hset(std::string key, std::string field, std::string value) {
    return integer({"HSET", std::move(key), std::move(field), std::move(value)});
  }
  Task<std::optional<std::string>> hget(std::string key, std::string field);
  Task<std::vector<std::pair<std::string, std::string>>> hgetall(std::string key);
  Task<std::int64_t> lpush(std::string key, std::string value) {
    return integer({"LPUSH", std::move(key), std::move(value)});
  }
  Task<std::int64_t> rpush(std::string key, std::string value) {
    return integer({"RPUSH", std::move(key), std::move(value)});
  }
  Task<std::vector<std::string>> lrange(std::string key, std::int64_t start, std::int64_t stop);
  Task<std::int64_t> sadd(std::string key, std::string member) {
    return integer({"SADD", std::move(key), std::move(member)});
  }
  Task<std::vector<std::string>> smembers(std::string key);
  Task<std::string> ping();

 private:
  Task<std::int64_t> integer(std::vector<std::string> command);
  Task<std::vector<std::string>> strings(std::vector<std::string> command);

  Context* ctx_;
  detail::Datasource* datasource_;
};

}  // namespace gofr::redis
