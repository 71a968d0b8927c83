#pragma once
// The calls in flight, by their grpc++ context. The observing interceptor registers a call when its metadata
// arrives; the handler's unary()/server_stream() finds it there. grpc++ gives a callback handler no other way to
// reach per-call state that an interceptor made (ServerContext has no user slot).
#include <array>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace grpc {
class ServerContextBase;
}

namespace gofr::grpc::detail {

class Call;

class CallRegistry {
 public:
  void add(const ::grpc::ServerContextBase* key, std::shared_ptr<Call> call) {
    auto& shard = shard_of(key);
    std::lock_guard lock(shard.mutex);
    shard.calls[key] = std::move(call);
  }
  std::shared_ptr<Call> find(const ::grpc::ServerContextBase* key) {
    auto& shard = shard_of(key);
    std::lock_guard lock(shard.mutex);
    const auto it = shard.calls.find(key);
    return it == shard.calls.end() ? nullptr : it->second;
  }
  void remove(const ::grpc::ServerContextBase* key) {
    auto& shard = shard_of(key);
    std::lock_guard lock(shard.mutex);
    shard.calls.erase(key);
  }

 private:
  // Sharded so that calls on different threads rarely meet on one lock.
  struct alignas(64) Shard {
    std::mutex mutex;
    std::unordered_map<const ::grpc::ServerContextBase*, std::shared_ptr<Call>> calls;
  };
  Shard& shard_of(const ::grpc::ServerContextBase* key) noexcept {
    return shards_[(reinterpret_cast<std::uintptr_t>(key) >> 6) % shards_.size()];
  }
  std::array<Shard, 16> shards_;
};

}  // namespace gofr::grpc::detail
