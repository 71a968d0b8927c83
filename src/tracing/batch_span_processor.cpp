#include "tracing/batch_span_processor.hpp"

#include <pthread.h>

#include <algorithm>
#include <utility>

namespace gofr::tracing {

BatchSpanProcessor::BatchSpanProcessor(std::unique_ptr<SpanExporter> exporter, BatchOptions options, Logger& logger)
    : exporter_(std::move(exporter)), options_(options), logger_(logger) {
  thread_ = std::thread([this] {
    ::pthread_setname_np(::pthread_self(), "gofr-export");
    run();
  });
}

BatchSpanProcessor::~BatchSpanProcessor() { shutdown(); }

void BatchSpanProcessor::on_end(const SpanData& span, std::span<const AttributeRef> closing) {
  // Encoded outside the lock, into a buffer this thread keeps, so the lock only guards a copy of the bytes.
  thread_local std::string encoded;
  encoded.clear();
  exporter_->format().append(span, closing, encoded);
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= options_.max_queue_size) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    queue_.bytes.append(encoded);
    queue_.ends.push_back(queue_.bytes.size());
    ++enqueued_;
    wake = queue_.size() == options_.max_export_batch_size;  // once per full batch, not per span
  }
  if (wake) wake_.notify_one();
}

bool BatchSpanProcessor::force_flush(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const auto target = enqueued_;
  flush_requested_ = true;
  wake_.notify_one();
  return flushed_.wait_for(lock, timeout, [&] { return done_ >= target; });
}

void BatchSpanProcessor::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void BatchSpanProcessor::run() {
  Queue batch;  // swapped with queue_, so both buffers keep their capacity from one batch to the next
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait_for(lock, options_.schedule_delay, [&] {
      return stopping_ || flush_requested_ || queue_.size() >= options_.max_export_batch_size;
    });
    flush_requested_ = false;
    if (queue_.size() == 0) {
      flushed_.notify_all();
      if (stopping_) return;
      continue;
    }
    std::swap(batch, queue_);
    lock.unlock();
    export_queue(batch);
    const auto n = batch.size();
    batch.bytes.clear();
    batch.ends.clear();
    lock.lock();
    done_ += n;
    flushed_.notify_all();
    // On shutdown the loop goes round until the queue is empty: spans ended before shutdown are exported.
  }
}

void BatchSpanProcessor::export_queue(const Queue& queue) {
  std::vector<std::string_view> spans;
  for (std::size_t begin = 0; begin < queue.size(); begin += options_.max_export_batch_size) {
    const auto count = std::min(options_.max_export_batch_size, queue.size() - begin);
    spans.clear();
    for (std::size_t i = begin; i < begin + count; ++i) {
      const std::size_t from = i == 0 ? 0 : queue.ends[i - 1];
      spans.emplace_back(queue.bytes.data() + from, queue.ends[i] - from);
    }
    std::string error;
    if (exporter_->export_spans(spans, error)) {
      exported_.fetch_add(count, std::memory_order_relaxed);
      continue;
    }
    failed_.fetch_add(count, std::memory_order_relaxed);
    // A dead collector fails every batch: one line per 30 s is enough to notice it without flooding the log.
    const auto now = std::chrono::steady_clock::now();
    if (now - last_error_log_ >= std::chrono::seconds(30)) {
      last_error_log_ = now;
      logger_.errorf("failed to export {} span(s) with {}: {} ({} failed, {} dropped so far)", count,
                     exporter_->name(), error, failed_.load(), dropped_.load());
    }
  }
}

}  // namespace gofr::tracing
