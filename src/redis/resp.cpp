#include "redis/resp.hpp"

#include <hiredis/read.h>

#include <algorithm>

#include <fmt/format.h>

namespace gofr::redis::detail {

namespace {

// hiredis's reader parses; these callbacks build our Reply tree as it goes, instead of hiredis's redisReply. An
// array's elements are added as they arrive rather than allocated up front from the count the header claims: a
// header claiming a billion elements costs nothing until the elements are actually received (hiredis 0.14's own
// objects would calloc them all at once, which fuzzing found).
//
// A child is an element of its parent's vector. The reader holds pointers only to the arrays still being filled,
// the chain from the root down, and an array gets its next element only once the previous one is complete, so no
// pointer the reader still uses is ever moved by a vector growing.
Reply* place(const redisReadTask* task) {
  if (!task->parent) return new (std::nothrow) Reply;
  auto& parent = *static_cast<Reply*>(task->parent->obj);
  return &parent.elements.emplace_back();
}

void* create_string(const redisReadTask* task, char* text, std::size_t length) {
  Reply* r = place(task);
  if (!r) return nullptr;
  r->type = task->type == REDIS_REPLY_STRING   ? Reply::Type::string
            : task->type == REDIS_REPLY_STATUS ? Reply::Type::status
                                               : Reply::Type::error;
  r->string.assign(text, length);
  return r;
}

void* create_array(const redisReadTask* task, int elements) {
  Reply* r = place(task);
  if (!r) return nullptr;
  r->type = Reply::Type::array;
  r->elements.reserve(static_cast<std::size_t>(std::clamp(elements, 0, 1024)));
  return r;
}

void* create_integer(const redisReadTask* task, long long value) {
  Reply* r = place(task);
  if (!r) return nullptr;
  r->type = Reply::Type::integer;
  r->integer = value;
  return r;
}

void* create_nil(const redisReadTask* task) { return place(task); }

// Only ever called on a root: its children are part of it.
void free_reply(void* reply) { delete static_cast<Reply*>(reply); }

redisReplyObjectFunctions reply_functions{create_string, create_array, create_integer, create_nil, free_reply};

// "WRONGTYPE Operation against a key …" → code "WRONGTYPE".
Error error_of(const std::string& message) {
  const auto space = message.find(' ');
  return Error(message, space == std::string::npos ? message : message.substr(0, space));
}

}  // namespace

void append_command(std::string& out, const std::vector<std::string>& command) {
  fmt::format_to(std::back_inserter(out), "*{}\r\n", command.size());
  for (const auto& argument : command) {
    fmt::format_to(std::back_inserter(out), "${}\r\n", argument.size());
    out.append(argument);
    out.append("\r\n");
  }
}

ReplyReader::ReplyReader() : reader_(redisReaderCreateWithFunctions(&reply_functions)) {
  if (!reader_) throw std::bad_alloc();
}

ReplyReader::~ReplyReader() { redisReaderFree(reader_); }

void ReplyReader::feed(const char* data, std::size_t size) {
  if (redisReaderFeed(reader_, data, size) != REDIS_OK) throw Error("cannot buffer the reply", "protocol");
}

std::optional<Decoded> ReplyReader::next() {
  void* raw = nullptr;
  if (redisReaderGetReply(reader_, &raw) != REDIS_OK) {
    throw Error(fmt::format("the server's reply is not RESP: {}", reader_->errstr), "protocol");
  }
  if (!raw) return std::nullopt;
  std::unique_ptr<Reply> reply(static_cast<Reply*>(raw));
  Decoded decoded;
  if (reply->type == Reply::Type::error) {
    decoded.error = error_of(reply->string);
  } else {
    decoded.reply = std::move(*reply);
  }
  return decoded;
}

}  // namespace gofr::redis::detail
