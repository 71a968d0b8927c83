#include "grpc/health_service.hpp"

#include <grpcpp/support/byte_buffer.h>

#include "grpc/call.hpp"
#include "grpc/runtime.hpp"

namespace gofr::grpc::detail {

namespace {

constexpr std::string_view check_method = "/grpc.health.v1.Health/Check";
constexpr std::string_view watch_method = "/grpc.health.v1.Health/Watch";

std::string contents(const ::grpc::ByteBuffer& buffer) {
  std::vector<::grpc::Slice> slices;
  std::string out;
  if (!buffer.Dump(&slices).ok()) return out;
  for (const auto& slice : slices) out.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  return out;
}

::grpc::ByteBuffer message(ServingStatus status) {
  const auto bytes = encode_health_response(status);
  ::grpc::Slice slice(bytes.data(), bytes.size());
  return ::grpc::ByteBuffer(&slice, 1);
}

class Unimplemented final : public ::grpc::ServerGenericBidiReactor {
 public:
  Unimplemented() { Finish({::grpc::StatusCode::UNIMPLEMENTED, ""}); }
  void OnDone() override { delete this; }
};

// Check and Watch: read the request, then answer once (Check) or on every change (Watch).
class HealthCall final : public ::grpc::ServerGenericBidiReactor, public HealthService::Watcher {
 public:
  HealthCall(HealthService& service, Runtime& runtime, const MethodInfo& method,
             ::grpc::GenericCallbackServerContext& context)
      : service_(service), watch_(method.type == StreamType::server_stream), call_(runtime, method) {
    call_.begin(context);
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) return finish({::grpc::StatusCode::INVALID_ARGUMENT, "no HealthCheckRequest was sent"});
    const auto name = decode_health_request(contents(request_));
    if (!name) return finish({::grpc::StatusCode::INVALID_ARGUMENT, "the HealthCheckRequest is not valid protobuf"});
    if (!watch_) {
      const auto status = service_.status(*name);
      if (!status) return finish({::grpc::StatusCode::NOT_FOUND, "unknown service"});
      std::lock_guard lock(mutex_);
      response_ = message(*status);
      finished_ = true;
      call_.status_sent(::grpc::Status::OK);
      StartWriteAndFinish(&response_, {}, ::grpc::Status::OK);
      return;
    }
    const auto [status, draining] = service_.watch(*this, *name);
    changed(status, draining);
  }

  void changed(ServingStatus status, bool draining) override {
    std::lock_guard lock(mutex_);
    latest_ = status;
    draining_ = draining;
    advance();
  }

  void OnWriteDone(bool ok) override {
    std::lock_guard lock(mutex_);
    writing_ = false;
    if (!ok) return;  // the call is over (OnCancel finishes it)
    advance();
  }

  void OnCancel() override {
    call_.cancelled();
    finish(::grpc::Status::CANCELLED);
  }

  void OnDone() override {
    if (watch_) service_.unwatch(*this);
    call_.end();
    delete this;
  }

 private:
  // Under mutex_: sends the latest status if it is not the last one sent; once draining and NOT_SERVING has gone
  // out, ends the stream (with OK: it has said all there is to say).
  void advance() {
    if (finished_ || writing_) return;
    if (latest_ && latest_ != sent_) {
      sent_ = latest_;
      response_ = message(*latest_);
      writing_ = true;
      StartWrite(&response_);
    } else if (draining_ && sent_ == ServingStatus::not_serving) {
      finished_ = true;
      call_.status_sent(::grpc::Status::OK);
      Finish(::grpc::Status::OK);  // NOT_SERVING is the last word: the server is going away
    }
  }

  void finish(::grpc::Status status) {
    std::lock_guard lock(mutex_);
    if (finished_) return;
    finished_ = true;
    call_.status_sent(status);
    Finish(std::move(status));
  }

  HealthService& service_;
  const bool watch_;
  Call call_;
  ::grpc::ByteBuffer request_, response_;
  std::mutex mutex_;
  std::optional<ServingStatus> latest_, sent_;
  bool draining_ = false, writing_ = false, finished_ = false;
};

}  // namespace

HealthService::HealthService(Runtime& runtime, const std::vector<std::string>& services)
    : runtime_(runtime),
      check_(runtime.method(check_method, StreamType::unary)),
      watch_(runtime.method(watch_method, StreamType::server_stream)) {
  statuses_.emplace("", ServingStatus::serving);
  for (const auto& name : services) statuses_.emplace(name, ServingStatus::serving);
}

void HealthService::set_serving(bool serving) {
  update(serving ? ServingStatus::serving : ServingStatus::not_serving);
}

void HealthService::drain() {
  std::lock_guard lock(mutex_);
  draining_ = true;
  for (auto& [name, status] : statuses_) status = ServingStatus::not_serving;
  // Every stream, including those watching an unknown name, hears NOT_SERVING and ends: the server is going away.
  for (auto& [watcher, name] : watchers_) watcher->changed(ServingStatus::not_serving, true);
}

void HealthService::update(ServingStatus status) {
  std::lock_guard lock(mutex_);
  if (draining_) return;  // NOT_SERVING for good
  bool changed = false;
  for (auto& [name, current] : statuses_) {
    changed |= current != status;
    current = status;
  }
  if (!changed) return;
  for (auto& [watcher, name] : watchers_) {
    const auto it = statuses_.find(name);
    watcher->changed(it == statuses_.end() ? ServingStatus::service_unknown : it->second, false);
  }
}

std::optional<ServingStatus> HealthService::status(const std::string& service) const {
  std::lock_guard lock(mutex_);
  const auto it = statuses_.find(service);
  if (it == statuses_.end()) return std::nullopt;
  return it->second;
}

std::pair<ServingStatus, bool> HealthService::watch(Watcher& watcher, const std::string& service) {
  std::lock_guard lock(mutex_);
  watchers_.emplace(&watcher, service);
  const auto it = statuses_.find(service);
  // The spec: an unknown service is not an error for Watch; it may be registered later.
  return {it == statuses_.end() ? ServingStatus::service_unknown : it->second, draining_};
}

void HealthService::unwatch(Watcher& watcher) {
  std::lock_guard lock(mutex_);
  watchers_.erase(&watcher);
}

::grpc::ServerGenericBidiReactor* HealthService::CreateReactor(::grpc::GenericCallbackServerContext* context) {
  const auto& method = context->method();
  if (method == check_method) return new HealthCall(*this, runtime_, check_, *context);
  if (method == watch_method) return new HealthCall(*this, runtime_, watch_, *context);
  return new Unimplemented();
}

}  // namespace gofr::grpc::detail
