#pragma once
// OpenTelemetry's batch span processor: finished spans go into a bounded queue; a background thread exports them
// in batches when the batch is full or the schedule delay passes. A full queue drops the span and counts it: a
// slow or dead collector never blocks or fails a request. Thread-safe.
//
// Unlike OTel's SDKs, the queue holds spans already encoded in the exporter's format: the thread that ends a span
// encodes it (a few hundred nanoseconds) and keeps its SpanData for the next span, so no span memory is allocated
// on one thread and freed on another, and the export thread only frames and sends bytes.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "gofr/logging.hpp"
#include "tracing/span_exporter.hpp"

namespace gofr::tracing {

struct BatchOptions {  // OpenTelemetry's defaults (OTEL_BSP_*)
  std::size_t max_queue_size = 2048;
  std::size_t max_export_batch_size = 512;
  std::chrono::milliseconds schedule_delay{5000};
};

class BatchSpanProcessor {
 public:
  BatchSpanProcessor(std::unique_ptr<SpanExporter> exporter, BatchOptions options, Logger& logger);
  ~BatchSpanProcessor();  // flushes and stops

  // Encodes `span`, with `closing` added to its attributes (see Span::end), and queues it.
  void on_end(const SpanData& span, std::span<const AttributeRef> closing = {});
  // Exports everything queued so far; returns when done or after `timeout`.
  bool force_flush(std::chrono::milliseconds timeout = std::chrono::milliseconds(30000));
  void shutdown();

  std::uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }
  std::uint64_t exported() const noexcept { return exported_.load(std::memory_order_relaxed); }
  std::uint64_t failed() const noexcept { return failed_.load(std::memory_order_relaxed); }

 private:
  // Encoded spans, back to back; ends[i] is where span i ends in `bytes`.
  struct Queue {
    std::string bytes;
    std::vector<std::size_t> ends;
    std::size_t size() const noexcept { return ends.size(); }
  };

  void run();
  void export_queue(const Queue& queue);

  std::unique_ptr<SpanExporter> exporter_;
  BatchOptions options_;
  Logger& logger_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable flushed_;
  Queue queue_;
  std::uint64_t enqueued_ = 0, done_ = 0;  // spans handed to the thread / exported or failed (under mutex_)
  bool flush_requested_ = false;
  bool stopping_ = false;
  std::atomic<std::uint64_t> dropped_{0}, exported_{0}, failed_{0};
  std::chrono::steady_clock::time_point last_error_log_{};
  std::thread thread_;
};

}  // namespace gofr::tracing
