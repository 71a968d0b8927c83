#include "grpc/channel.hpp"

#include <stdexcept>

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <fmt/format.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include "grpc/status_codes.hpp"

namespace gofr::grpc::detail {

namespace {

std::string seconds(std::chrono::milliseconds d) { return fmt::format("{:.3f}s", static_cast<double>(d.count()) / 1000); }

void validate(const std::string& name, const ClientOptions& options) {
  if (!options.retry) return;
  const auto& retry = *options.retry;
  const auto fail = [&](std::string_view what) {
    throw std::invalid_argument("gRPC service " + name + ": invalid RetryPolicy: " + std::string(what));
  };
  // gRFC A6's limits: the channel would otherwise drop the whole service config.
  if (retry.max_attempts < 2) fail("max_attempts must be at least 2 (it counts the first attempt)");
  if (retry.initial_backoff.count() <= 0 || retry.max_backoff.count() <= 0) fail("backoffs must be positive");
  if (retry.backoff_multiplier <= 0) fail("backoff_multiplier must be positive");
  if (retry.retryable_codes.empty()) fail("retryable_codes must not be empty");
  if (options.throttling.max_tokens <= 0 || options.throttling.max_tokens > 1000) fail("max_tokens must be 1-1000");
  if (options.throttling.token_ratio <= 0) fail("token_ratio must be positive");
}

}  // namespace

std::string service_config(const ClientOptions& options) {
  // Written by hand rather than with Boost.JSON, which prints 0.1 as 1E-1: gRPC's service-config parser reads no
  // exponents and would reject the whole config.
  std::string config = fmt::format(R"({{"loadBalancingConfig":[{{{}:{{}}}}])",
                                   boost::json::serialize(boost::json::string(options.load_balancing)));
  if (options.retry) {
    const auto& retry = *options.retry;
    std::vector<std::string_view> codes;
    for (const auto code : retry.retryable_codes) codes.push_back(code_name(code));
    // An empty name is the default for every method of every service on this channel.
    config += fmt::format(R"(,"methodConfig":[{{"name":[{{}}],"retryPolicy":{{"maxAttempts":{},)", retry.max_attempts);
    config += fmt::format(R"("initialBackoff":"{}","maxBackoff":"{}","backoffMultiplier":{:.3f},)",
                          seconds(retry.initial_backoff), seconds(retry.max_backoff), retry.backoff_multiplier);
    config += fmt::format(R"("retryableStatusCodes":["{}"]}}}}])", fmt::join(codes, R"(",")"));
    config += fmt::format(R"(,"retryThrottling":{{"maxTokens":{},"tokenRatio":{:.3f}}})",
                          options.throttling.max_tokens, options.throttling.token_ratio);
  }
  config.push_back('}');
  return config;
}

Channel::Channel(std::string name, std::string target, ClientOptions options)
    : name_(std::move(name)), target_(std::move(target)), options_(std::move(options)) {
  if (target_.empty()) throw std::invalid_argument("gRPC service " + name_ + ": the target address is empty");
  validate(name_, options_);
  ::grpc::ChannelArguments arguments;
  arguments.SetServiceConfigJSON(service_config(options_));
  arguments.SetInt(GRPC_ARG_ENABLE_RETRIES, options_.retry ? 1 : 0);
  auto credentials = options_.credentials ? options_.credentials : ::grpc::InsecureChannelCredentials();
  channel_ = ::grpc::CreateCustomChannel(target_, credentials, arguments);
}

const ClientMethod& Channel::method(const std::string& name, const std::function<ClientMethod()>& make) {
  std::lock_guard lock(methods_mutex_);
  if (const auto it = methods_.find(name); it != methods_.end()) return it->second;
  return methods_.emplace(name, make()).first->second;
}

}  // namespace gofr::grpc::detail
