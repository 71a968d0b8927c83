#include "tracing/tracing_setup.hpp"

#include "core/ascii.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "gofr/version.hpp"
#include "http/path.hpp"
#include "tracing/export/gofr_json.hpp"
#include "tracing/export/http_exporter.hpp"
#include "tracing/export/otlp_grpc_exporter.hpp"
#include "tracing/export/otlp_json.hpp"
#include "tracing/export/otlp_protobuf.hpp"
#include "tracing/export/zipkin_json.hpp"

namespace gofr::tracing {

namespace {

std::optional<std::string> first_of(const Config& config, std::initializer_list<std::string_view> keys) {
  for (auto key : keys)
    if (auto v = config.get(key)) return std::string(*v);
  return std::nullopt;
}

// "k=v,k2=v2" (TRACER_HEADERS; OTEL_EXPORTER_OTLP_HEADERS, whose values are percent-encoded).
HttpTransport::Headers parse_headers(std::string_view key, std::string_view text) {
  HttpTransport::Headers headers;
  while (!text.empty()) {
    const auto comma = text.find(',');
    auto item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    const auto eq = item.find('=');
    if (item.find_first_not_of(" \t") == std::string_view::npos) continue;
    if (eq == std::string_view::npos || eq == 0) {
      throw config_error(fmt::format("invalid value for {}: expected key=value pairs separated by commas", key));
    }
    auto trim = [](std::string_view s) {
      while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
      while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
      return s;
    };
    std::string value;
    if (!http::percent_decode(trim(item.substr(eq + 1)), value, false)) value.assign(trim(item.substr(eq + 1)));
    headers.emplace_back(std::string(trim(item.substr(0, eq))), std::move(value));
  }
  return headers;
}

bool has_scheme(std::string_view url) { return url.starts_with("http://") || url.starts_with("https://"); }

// A bare OTLP/HTTP base URL gets the traces path, as OTEL_EXPORTER_OTLP_ENDPOINT does.
std::string otlp_traces_url(std::string url) {
  const auto authority = url.find("://") + 3;
  const auto path = url.find('/', authority);
  if (path == std::string::npos) return url + "/v1/traces";
  if (path == url.size() - 1) return url + "v1/traces";
  return url;
}

}  // namespace

TracingSetup make_tracing(const Config& config, Logger& logger, const std::string& app_name,
                          const std::string& app_version) {
  TracingSetup setup;
  setup.ratio = config.get_double("TRACER_RATIO", 1.0, 0.0, 1.0);

  std::string exporter = gofr::detail::ascii_lower(config.get_or("TRACE_EXPORTER", ""));
  const auto otel_endpoint = first_of(config, {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT"});
  auto url = first_of(config, {"TRACER_URL"});
  if (!url && config.get("TRACER_HOST")) {  // GoFr's deprecated pair
    url = fmt::format("{}:{}", *config.get("TRACER_HOST"), config.get_or("TRACER_PORT", "9411"));
  }
  if (exporter.empty()) {
    if (!otel_endpoint) {
      if (url) logger.error("TRACER_URL is set but TRACE_EXPORTER is not: tracing export stays off");
      setup.summary = "tracing: not exported (TRACE_EXPORTER unset)";
      return setup;
    }
    exporter = "otlp";
  }
  if (!url && (exporter == "otlp" || exporter == "jaeger")) {
    if (config.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")) {
      url = std::string(*config.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
    } else if (config.get("OTEL_EXPORTER_OTLP_ENDPOINT")) {
      url = otlp_traces_url(std::string(*config.get("OTEL_EXPORTER_OTLP_ENDPOINT")));
    }
  }
  if (!url && exporter == "gofr") url = "https://tracer-api.gofr.dev/api/spans";
  if (!url) throw config_error(fmt::format("TRACE_EXPORTER={} needs TRACER_URL", exporter));

  HttpTransport::Headers headers;
  if (auto h = config.get("TRACER_HEADERS")) {
    headers = parse_headers("TRACER_HEADERS", *h);
  } else if (auto key = config.get("TRACER_AUTH_KEY")) {
    headers.emplace_back("Authorization", std::string(*key));
  } else if (auto otel = first_of(config, {"OTEL_EXPORTER_OTLP_TRACES_HEADERS", "OTEL_EXPORTER_OTLP_HEADERS"})) {
    headers = parse_headers("OTEL_EXPORTER_OTLP_HEADERS", *otel);
  }
  const auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(
      config.get_duration("OTEL_EXPORTER_OTLP_TIMEOUT", std::chrono::seconds(10), std::chrono::milliseconds(1)));

  // Resource: who produced the spans. APP_NAME is GoFr's service.name; OTEL_SERVICE_NAME only when it is unset.
  const std::string service =
      config.get("APP_NAME") ? app_name : config.get_or("OTEL_SERVICE_NAME", app_name);
  const Resource resource{{{"service.name", service},
                            {"service.version", app_version},
                            {"telemetry.sdk.name", std::string("gofr-cpp")},
                            {"telemetry.sdk.language", std::string("cpp")},
                            {"telemetry.sdk.version", std::string(framework_version)}}};
  const InstrumentationScope scope{std::string("gofr-") + framework_version, std::string(framework_version)};

  std::unique_ptr<SpanExporter> exporter_impl;
  auto transport = [&](const std::string& target) {
    try {
      return std::make_unique<HttpTransport>(target, headers, timeout);
    } catch (const std::invalid_argument& e) {
      throw config_error(fmt::format("invalid TRACER_URL {:?}: {}", target, e.what()));
    }
  };
  if (exporter == "otlp" || exporter == "jaeger") {
    const auto requested = first_of(config, {"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"});
    if (!has_scheme(*url) || (requested && gofr::detail::ascii_lower(*requested) == "grpc")) {
      // GoFr's form: host:port means OTLP over gRPC, plaintext unless OTEL_EXPORTER_OTLP_INSECURE=false.
      std::string target = *url;
      bool tls = false;
      if (has_scheme(target)) {
        tls = target.starts_with("https://");
        target = target.substr(target.find("://") + 3);
        if (const auto slash = target.find('/'); slash != std::string::npos) target.resize(slash);
      }
      tls = !config.get_bool("OTEL_EXPORTER_OTLP_INSECURE", !tls);
      if (target.find(':') == std::string::npos) {
        throw config_error(fmt::format("invalid TRACER_URL {:?}: expected host:port for OTLP over gRPC", *url));
      }
      exporter_impl = std::make_unique<OtlpGrpcExporter>(target, tls, headers, timeout, resource, scope);
      setup.summary = fmt::format("tracing: exporting to {} (OTLP/gRPC{})", target, tls ? ", TLS" : "");
    }
    const auto protocol = gofr::detail::ascii_lower(
        first_of(config, {"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"})
            .value_or("http/protobuf"));
    const auto target = exporter_impl ? std::string() : otlp_traces_url(*url);
    if (exporter_impl) {
      // OTLP/gRPC, set up above.
    } else if (protocol == "http/json") {
      exporter_impl = std::make_unique<HttpExporter>("otlp/http-json", transport(target), "application/json",
                                                     std::make_unique<OtlpJsonFormat>(resource, scope));
    } else if (protocol == "http/protobuf") {
      exporter_impl = std::make_unique<HttpExporter>("otlp/http-protobuf", transport(target), "application/x-protobuf",
                                                     std::make_unique<OtlpProtobufFormat>(resource, scope));
    } else {
      throw config_error(fmt::format(
          "invalid value {:?} for OTEL_EXPORTER_OTLP_PROTOCOL: expected http/protobuf, http/json or grpc", protocol));
    }
    if (!target.empty()) setup.summary = fmt::format("tracing: exporting to {} ({})", target, protocol);
  } else if (exporter == "zipkin") {
    exporter_impl = std::make_unique<HttpExporter>("zipkin", transport(*url), "application/json",
                                                   std::make_unique<ZipkinJsonFormat>(service));
    setup.summary = fmt::format("tracing: exporting to {} (zipkin v2 JSON)", *url);
  } else if (exporter == "gofr") {
    exporter_impl = std::make_unique<HttpExporter>("gofr", transport(*url), "application/json",
                                                   std::make_unique<GofrJsonFormat>(service), 201);
    setup.summary = fmt::format("tracing: exporting to {} (GoFr JSON)", *url);
  } else {
    throw config_error(fmt::format("invalid value {:?} for TRACE_EXPORTER: expected otlp, jaeger, zipkin or gofr",
                                   config.get_or("TRACE_EXPORTER", "")));
  }

  BatchOptions batch;
  batch.max_queue_size = static_cast<std::size_t>(config.get_int("OTEL_BSP_MAX_QUEUE_SIZE", 2048, 1, 1 << 24));
  batch.max_export_batch_size = static_cast<std::size_t>(
      config.get_int("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", 512, 1, static_cast<std::int64_t>(batch.max_queue_size)));
  batch.schedule_delay = std::chrono::duration_cast<std::chrono::milliseconds>(
      config.get_duration("OTEL_BSP_SCHEDULE_DELAY", std::chrono::seconds(5), std::chrono::milliseconds(1)));
  setup.processor = std::make_unique<BatchSpanProcessor>(std::move(exporter_impl), batch, logger);
  return setup;
}

}  // namespace gofr::tracing
