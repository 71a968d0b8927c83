#include "tracing/batch_span_processor.hpp"

#include <pthread.h>

namespace gofr::tracing {

BatchSpanProcessor::BatchSpanProcessor(std::unique_ptr<SpanExporter> exporter, BatchOptions options, Logger& logger)
    : exporter_(std::move(exporter)), options_(options), logger_(logger) {
  queue_.reserve(options_.max_export_batch_size);
  thread_ = std::thread([this] {
    ::pthread_setname_np(::pthread_self(), "gofr-export");
    run();
  });
}

BatchSpanProcessor::~BatchSpanProcessor() { shutdown(); }

void BatchSpanProcessor::on_end(SpanData&& span) {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= options_.max_queue_size) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    queue_.push_back(std::move(span));
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
  std::vector<SpanData> batch;
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait_for(lock, options_.schedule_delay, [&] {
      return stopping_ || flush_requested_ || queue_.size() >= options_.max_export_batch_size;
    });
    flush_requested_ = false;
    if (queue_.empty()) {
      flushed_.notify_all();
      if (stopping_) return;
      continue;
    }
    batch.swap(queue_);
    queue_.reserve(options_.max_export_batch_size);
    lock.unlock();
    export_batch(batch);
    const auto n = batch.size();
    batch.clear();
    lock.lock();
    done_ += n;
    flushed_.notify_all();
    // On shutdown the loop goes round until the queue is empty: spans ended before shutdown are exported.
  }
}

void BatchSpanProcessor::export_batch(std::vector<SpanData>& batch) {
  for (std::size_t begin = 0; begin < batch.size(); begin += options_.max_export_batch_size) {
    const auto count = std::min(options_.max_export_batch_size, batch.size() - begin);
    std::string error;
    if (exporter_->export_spans(std::span<const SpanData>(batch.data() + begin, count), error)) {
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
