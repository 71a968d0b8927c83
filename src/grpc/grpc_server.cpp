#include "grpc/grpc_server.hpp"

#include <future>
#include <stdexcept>

#include <absl/synchronization/mutex.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <dlfcn.h>
#include <google/protobuf/descriptor.h>

#include <grpcpp/version_info.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include "grpc/grpc_metrics.hpp"
#include "grpc/health_service.hpp"
#include "grpc/observer.hpp"
#include "grpc/runtime.hpp"

namespace gofr::grpc::detail {

namespace asio = boost::asio;

namespace {

// grpc++'s reflection library registers its plugin with every ServerBuilder as soon as it is loaded (a static
// initializer), so linking it would turn reflection on for every app. It is loaded only when asked for.
void load_reflection() {
  const auto library = "libgrpc++_reflection.so." + std::to_string(GRPC_CPP_VERSION_MAJOR) + "." +
                       std::to_string(GRPC_CPP_VERSION_MINOR);
  if (!::dlopen(library.c_str(), RTLD_NOW | RTLD_GLOBAL)) {
    const char* error = ::dlerror();
    throw std::runtime_error("GRPC_ENABLE_REFLECTION=true, but gRPC reflection cannot be loaded: " +
                             std::string(error ? error : library));
  }
}

// ServerBuilder keeps the services registered with it to itself, but for its subclasses: here they are counted, to
// notice those that a grpc_server_options() hook registered.
class Builder final : public ::grpc::ServerBuilder {
 public:
  std::size_t service_count() { return services().size(); }
};

// Whether any of `services` has a method that unary()/server_stream() cannot answer (client streaming or bidi),
// which only the observing interceptor can see.
bool has_streaming_requests(const std::vector<std::shared_ptr<ServiceBase>>& services) {
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const auto& service : services) {
    const auto* descriptor = pool->FindServiceByName(service->full_name());
    if (descriptor == nullptr) return true;  // cannot tell: observe
    for (int i = 0; i < descriptor->method_count(); ++i)
      if (descriptor->method(i)->client_streaming()) return true;
  }
  return false;
}

}  // namespace

// The health poll's state, shared with its coroutine so that it can outlive a stop that gave up waiting.
struct GrpcServer::HealthFollower {
  explicit HealthFollower(asio::any_io_executor executor) : timer(std::move(executor)) {}
  asio::steady_timer timer;
  bool stopping = false;  // on the timer's executor
  std::promise<void> finished;
};

GrpcServer::GrpcServer(Runtime& runtime, std::vector<std::shared_ptr<ServiceBase>> services,
                       GrpcServerOptions options)
    : runtime_(runtime), services_(std::move(services)), options_(std::move(options)) {}

GrpcServer::~GrpcServer() { stop(std::chrono::steady_clock::now()); }

void GrpcServer::start() {
  // Debian builds abseil with its mutex deadlock detector on, which grpc++ pays for on every lock: a graph update
  // per acquisition, a tenth of a unary call's CPU. It is a debugging aid; release builds of gRPC leave it off.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  if (options_.reflection) load_reflection();
  ::grpc::EnableDefaultHealthCheckService(false);  // ours answers grpc.health.v1 (health_service.hpp)
  Builder builder;
  // grpc++ sets SO_REUSEPORT by default: a second app on the same port would then share it silently instead of
  // failing, as a taken HTTP port does.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  int selected_port = 0;
  builder.AddListeningPort("[::]:" + std::to_string(options_.port), ::grpc::InsecureServerCredentials(),
                           &selected_port);
  std::vector<std::string> names;
  for (auto& service : services_) {
    runtime_.bind(*service);
    builder.RegisterService(&service->grpc_service());
    names.emplace_back(service->full_name());
  }
  health_ = std::make_unique<HealthService>(runtime_, names);
  builder.RegisterCallbackGenericService(health_.get());
  for (auto& configure : options_.configure) configure(builder);
  if (options_.reflection || builder.service_count() > services_.size() || has_streaming_requests(services_)) {
    std::vector<std::unique_ptr<::grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
    interceptors.push_back(std::make_unique<ObserverFactory>(runtime_));
    builder.experimental().SetInterceptorCreators(std::move(interceptors));
  }
  server_ = builder.BuildAndStart();
  if (!server_ || selected_port == 0) {
    server_.reset();
    throw std::runtime_error("grpc port " + std::to_string(options_.port) + " is blocked or unreachable");
  }
  port_ = static_cast<std::uint16_t>(selected_port);
  auto& metrics = runtime_.services.metrics_api;
  metrics.set_gauge("grpc_server_status", 1);
  // The app's services, the health service, and reflection (v1alpha in grpc++ 1.51) when enabled.
  metrics.set_gauge("grpc_services_registered_total",
                    static_cast<double>(services_.size() + 1 + (options_.reflection ? 1 : 0)));
}

void GrpcServer::set_serving(bool serving) { health_->set_serving(serving); }

void GrpcServer::follow_health(asio::any_io_executor executor, std::function<Task<bool>()> serving,
                               std::chrono::milliseconds interval) {
  auto follower = std::make_shared<HealthFollower>(executor);
  follower_ = follower;
  auto poll = [](GrpcServer* self, std::shared_ptr<HealthFollower> f, std::function<Task<bool>()> check,
                 std::chrono::milliseconds every) -> Task<void> {
    while (!f->stopping) {
      const bool up = co_await check();
      if (f->stopping) break;  // the drain has set NOT_SERVING for good
      self->set_serving(up);
      f->timer.expires_after(every);
      boost::system::error_code ec;
      co_await f->timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
  };
  asio::co_spawn(executor, poll(this, follower, std::move(serving), interval),
                 [follower](std::exception_ptr) { follower->finished.set_value(); });
}

void GrpcServer::begin_drain() {
  if (!server_) return;
  health_->drain();  // every service NOT_SERVING, later updates ignored, Watch streams end
  if (auto follower = follower_) {
    asio::post(follower->timer.get_executor(), [follower] {
      follower->stopping = true;
      follower->timer.cancel();
    });
  }
}

void GrpcServer::stop(std::chrono::steady_clock::time_point deadline) {
  if (!server_) return;
  begin_drain();
  if (auto follower = std::exchange(follower_, nullptr)) {
    // A health check in progress finishes within its own timeout; the loop then sees `stopping`.
    follower->finished.get_future().wait_until(deadline + std::chrono::seconds(5));
  }
  const auto left = deadline - std::chrono::steady_clock::now();
  server_->Shutdown(std::chrono::system_clock::now() +
                    std::chrono::duration_cast<std::chrono::system_clock::duration>(left));
  server_->Wait();
  server_.reset();
  health_.reset();
  runtime_.services.metrics_api.set_gauge("grpc_server_status", 0);
}

}  // namespace gofr::grpc::detail
