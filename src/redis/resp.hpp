#pragma once
// RESP, Redis's protocol: commands written as arrays of bulk strings (binary-safe), replies read by hiredis's
// reader, the protocol parser every Redis client in C uses, fed with whatever bytes the socket delivered.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gofr/redis/client.hpp"

struct redisReader;

namespace gofr::redis::detail {

// Appends `command` to `out` as one RESP array.
void append_command(std::string& out, const std::vector<std::string>& command);

// A reply decoded, or the error reply it was (kept as a value: a pipeline reads every reply before throwing).
struct Decoded {
  Reply reply;
  std::optional<Error> error;
};

class ReplyReader {
 public:
  ReplyReader();
  ~ReplyReader();
  ReplyReader(const ReplyReader&) = delete;
  ReplyReader& operator=(const ReplyReader&) = delete;

  void feed(const char* data, std::size_t size);
  // The next complete reply, or nullopt until more bytes arrive. Throws Error "protocol" on bytes that are not RESP.
  std::optional<Decoded> next();

 private:
  redisReader* reader_;
};

}  // namespace gofr::redis::detail
