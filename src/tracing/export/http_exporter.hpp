#pragma once
// One exporter for every HTTP-based format (OTLP/HTTP protobuf and JSON, Zipkin v2, GoFr's JSON): they differ
// only in how a batch is encoded, its content type, and which status means success.
#include <memory>
#include <span>
#include <string>

#include "tracing/export/http_transport.hpp"
#include "tracing/span_exporter.hpp"

namespace gofr::tracing {

class HttpExporter final : public SpanExporter {
 public:
  // `accepted_status` 0 accepts any 2xx (OTLP, Zipkin); GoFr's collector answers exactly 201.
  HttpExporter(std::string name, std::unique_ptr<HttpTransport> transport, std::string content_type,
               std::unique_ptr<const SpanFormat> format, int accepted_status = 0)
      : name_(std::move(name)), transport_(std::move(transport)), content_type_(std::move(content_type)),
        format_(std::move(format)), accepted_status_(accepted_status) {}

  const SpanFormat& format() const noexcept override { return *format_; }

  bool export_spans(std::span<const std::string_view> spans, std::string& error) override {
    const int status = transport_->post(format_->frame(spans), content_type_, error);
    if (status == 0) return false;
    const bool ok = accepted_status_ ? status == accepted_status_ : (status >= 200 && status < 300);
    if (!ok && error.empty()) error = "unexpected HTTP " + std::to_string(status) + " from " + transport_->url();
    return ok;
  }
  std::string_view name() const noexcept override { return name_; }

 private:
  std::string name_;
  std::unique_ptr<HttpTransport> transport_;
  std::string content_type_;
  std::unique_ptr<const SpanFormat> format_;
  int accepted_status_;
};

}  // namespace gofr::tracing
