#include "redis/resp.hpp"

#include <hiredis/hiredis.h>

#include <fmt/format.h>

namespace gofr::redis::detail {

namespace {

Reply convert(const redisReply& r) {
  Reply out;
  switch (r.type) {
    case REDIS_REPLY_INTEGER:
      out.type = Reply::Type::integer;
      out.integer = r.integer;
      break;
    case REDIS_REPLY_STRING:
      out.type = Reply::Type::string;
      out.string.assign(r.str, r.len);
      break;
    case REDIS_REPLY_STATUS:
      out.type = Reply::Type::status;
      out.string.assign(r.str, r.len);
      break;
    case REDIS_REPLY_ARRAY:
      out.type = Reply::Type::array;
      out.elements.reserve(r.elements);
      for (std::size_t i = 0; i < r.elements; ++i) out.elements.push_back(convert(*r.element[i]));
      break;
    case REDIS_REPLY_ERROR:
      out.type = Reply::Type::error;
      out.string.assign(r.str, r.len);
      break;
    default:
      break;  // nil
  }
  return out;
}

// "WRONGTYPE Operation against a key …" → code "WRONGTYPE".
Error error_of(const redisReply& r) {
  std::string message(r.str, r.len);
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

ReplyReader::ReplyReader() : reader_(redisReaderCreate()) {
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
  std::unique_ptr<redisReply, void (*)(void*)> reply(static_cast<redisReply*>(raw), freeReplyObject);
  Decoded decoded;
  if (reply->type == REDIS_REPLY_ERROR) {
    decoded.error = error_of(*reply);
  } else {
    decoded.reply = convert(*reply);
  }
  return decoded;
}

}  // namespace gofr::redis::detail
