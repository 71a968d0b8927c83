// ctx.redis(): each command (or pipeline) sent on the worker's connection and observed:
// - a CLIENT span named after the command ("GET", or "pipeline") with db.system, db.statement (the command and its
//   key, the values left out), server.address, server.port and db.redis.database_index;
// - app_redis_stats in milliseconds, labelled hostname and type (the command, lower-case, or "pipeline");
// - GoFr's DEBUG line {"query","duration"(µs),"args"} with the request's trace id.
#include "gofr/redis/client.hpp"

#include <algorithm>

#include <boost/asio/this_coro.hpp>
#include <fmt/format.h>

#include "core/ascii.hpp"
#include "gofr/context.hpp"
#include "logging/json_escape.hpp"
#include "redis/datasource.hpp"

namespace gofr::redis {

namespace chr = std::chrono;

namespace {

// How long a command may wait for its reply when the request allows longer (go-redis's read timeout).
constexpr auto command_timeout = chr::seconds(3);

// "SET session:42 ?": the command and its key; values (which may be secrets or personal data) are left out.
// Commands of a pipeline go one per line.
void append_statement(std::string& out, const std::vector<std::string>& command) {
  if (!out.empty()) out.push_back('\n');
  out.append(command.front());
  for (std::size_t i = 1; i < command.size(); ++i) {
    out.push_back(' ');
    out.append(i == 1 ? std::string_view(command[i]) : std::string_view("?"));
  }
}

void append_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  logging::append_json_escaped(out, s);
  out.push_back('"');
}

// Sends the commands for `ctx` and observes them; replies in order, error replies as values.
Task<std::vector<detail::Decoded>> observed(Context& ctx, detail::Datasource& datasource,
                                            std::vector<std::vector<std::string>> commands) {
  const bool single = commands.size() == 1;
  const auto type = single ? gofr::detail::ascii_lower(commands.front().front()) : std::string("pipeline");
  auto span = ctx.trace(single ? commands.front().front() : std::string("pipeline"));
  span.set_kind(tracing::SpanKind::client);
  if (span.recording()) {
    const auto& o = datasource.options();
    std::string statement;
    for (const auto& command : commands) append_statement(statement, command);
    span.set_attribute("db.system", "redis")
        .set_attribute("db.statement", statement)
        .set_attribute("server.address", o.host)
        .set_attribute("server.port", std::int64_t{std::stoi(o.port)})
        .set_attribute("db.redis.database_index", std::int64_t{o.database});
  }
  const auto started = chr::steady_clock::now();
  auto deadline = started + command_timeout;
  if (const auto inbound = ctx.deadline()) deadline = std::min(deadline, *inbound);

  std::exception_ptr failure;
  std::vector<detail::Decoded> replies;
  // The log line's args, built before the commands are moved out: a command's words, or a pipeline's commands.
  std::string args;
  const auto add_arg = [&args](std::string_view a) {
    if (!args.empty()) args.push_back(',');
    append_json_string(args, a);
  };
  auto& logger = datasource.telemetry().logger;
  if (logger.enabled(Level::debug)) {
    for (const auto& command : commands) {
      if (!single) {
        add_arg(gofr::detail::ascii_lower(command.front()));
        continue;
      }
      for (const auto& a : command) add_arg(a);
    }
  }
  try {
    auto connection = datasource.connection(co_await boost::asio::this_coro::executor);
    replies = co_await connection->send(std::move(commands), deadline);
    for (const auto& r : replies) {
      if (r.error) {
        span.set_attribute("error.type", r.error->code()).set_status(tracing::StatusCode::error, r.error->what());
        break;
      }
    }
  } catch (const Error& e) {
    span.set_attribute("error.type", e.code()).set_status(tracing::StatusCode::error, e.what());
    failure = std::current_exception();
  }
  const auto elapsed = chr::steady_clock::now() - started;
  span.end();
  datasource.telemetry().metrics.record_histogram(
      "app_redis_stats", chr::duration<double, std::milli>(elapsed).count(),
      {{"hostname", datasource.host()}, {"type", type}});
  logger.log_record(
      Level::debug,
      [&](std::string& line) {
        line.append(R"({"query":)");
        append_json_string(line, type);
        fmt::format_to(std::back_inserter(line), R"(,"duration":{},"args":[{}]}})",
                       chr::duration_cast<chr::microseconds>(elapsed).count(), args);
      },
      ctx.trace_id());
  if (failure) std::rethrow_exception(failure);
  co_return replies;
}

Error type_error(std::string_view wanted, const Reply& r) {
  static constexpr std::string_view kinds[] = {"nil", "an integer", "a string", "a status", "an array", "an error"};
  return Error(fmt::format("the reply is {}, not {}", kinds[static_cast<int>(r.type)], wanted), "type");
}

std::optional<std::string> optional_string(const Reply& r) {
  if (r.is_nil()) return std::nullopt;
  if (r.type != Reply::Type::string && r.type != Reply::Type::status) throw type_error("a string", r);
  return r.string;
}

}  // namespace

Task<Reply> Client::run(std::vector<std::string> command) {
  if (command.empty()) throw Error("a command needs a name", "ERR");
  std::vector<std::vector<std::string>> one;
  one.push_back(std::move(command));
  auto replies = co_await observed(*ctx_, *datasource_, std::move(one));
  if (replies.at(0).error) throw *replies.at(0).error;
  co_return std::move(replies.at(0).reply);
}

Task<std::vector<Reply>> Client::pipeline(std::vector<std::vector<std::string>> commands) {
  if (commands.empty()) co_return std::vector<Reply>{};
  for (const auto& command : commands) {
    if (command.empty()) throw Error("a command needs a name", "ERR");
  }
  auto replies = co_await observed(*ctx_, *datasource_, std::move(commands));
  std::vector<Reply> out;
  out.reserve(replies.size());
  for (auto& r : replies) {
    if (r.error) throw *r.error;  // every reply has been read: the connection stays in step
    out.push_back(std::move(r.reply));
  }
  co_return out;
}

// Commands are named before they are awaited: GCC 12 mishandles braced temporaries in a co_await (ADR 0006).
Task<std::optional<std::string>> Client::get(std::string key) {
  std::vector<std::string> command{"GET", std::move(key)};
  co_return optional_string(co_await run(std::move(command)));
}

Task<void> Client::set(std::string key, std::string value, std::optional<chr::milliseconds> ttl) {
  std::vector<std::string> command{"SET", std::move(key), std::move(value)};
  if (ttl) {
    command.emplace_back("PX");
    command.push_back(std::to_string(ttl->count()));
  }
  co_await run(std::move(command));
}

Task<std::int64_t> Client::del(std::vector<std::string> keys) {
  keys.insert(keys.begin(), "DEL");
  co_return co_await integer(std::move(keys));
}

Task<std::int64_t> Client::exists(std::vector<std::string> keys) {
  keys.insert(keys.begin(), "EXISTS");
  co_return co_await integer(std::move(keys));
}

Task<bool> Client::expire(std::string key, chr::milliseconds ttl) {
  std::vector<std::string> command{"PEXPIRE", std::move(key), std::to_string(ttl.count())};
  co_return co_await integer(std::move(command)) == 1;
}

Task<std::optional<std::string>> Client::hget(std::string key, std::string field) {
  std::vector<std::string> command{"HGET", std::move(key), std::move(field)};
  co_return optional_string(co_await run(std::move(command)));
}

Task<std::vector<std::pair<std::string, std::string>>> Client::hgetall(std::string key) {
  std::vector<std::string> command{"HGETALL", std::move(key)};
  const auto flat = co_await strings(std::move(command));
  std::vector<std::pair<std::string, std::string>> out;
  for (std::size_t i = 0; i + 1 < flat.size(); i += 2) out.emplace_back(flat[i], flat[i + 1]);
  co_return out;
}

Task<std::vector<std::string>> Client::lrange(std::string key, std::int64_t start, std::int64_t stop) {
  return strings({"LRANGE", std::move(key), std::to_string(start), std::to_string(stop)});
}

Task<std::vector<std::string>> Client::smembers(std::string key) { return strings({"SMEMBERS", std::move(key)}); }

Task<std::string> Client::ping() {
  std::vector<std::string> command{"PING"};
  auto reply = co_await run(std::move(command));
  co_return std::move(reply.string);
}

Task<std::int64_t> Client::integer(std::vector<std::string> command) {
  const auto reply = co_await run(std::move(command));
  if (reply.type != Reply::Type::integer) throw type_error("an integer", reply);
  co_return reply.integer;
}

Task<std::vector<std::string>> Client::strings(std::vector<std::string> command) {
  auto reply = co_await run(std::move(command));
  if (reply.type != Reply::Type::array) throw type_error("an array", reply);
  std::vector<std::string> out;
  out.reserve(reply.elements.size());
  for (auto& e : reply.elements) out.push_back(std::move(e.string));
  co_return out;
}

}  // namespace gofr::redis
