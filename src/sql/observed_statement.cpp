#include "sql/observed_statement.hpp"

#include <fmt/format.h>

#include "logging/json_escape.hpp"
#include "metrics/datasource_buckets.hpp"
#include "sql/statement_summary.hpp"

namespace gofr::sql::detail {

namespace chr = std::chrono;

namespace {

void append_json_value(std::string& out, const Value& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) {
    fmt::format_to(std::back_inserter(out), "{}", *i);
  } else if (const auto* d = std::get_if<double>(&v)) {
    if (std::isfinite(*d)) {
      fmt::format_to(std::back_inserter(out), "{}", *d);
    } else {
      out.append("null");  // JSON has no NaN or infinity
    }
  } else if (const auto* s = std::get_if<std::string>(&v)) {
    out.push_back('"');
    logging::append_json_escaped(out, *s);
    out.push_back('"');
  } else if (const auto* b = std::get_if<Blob>(&v)) {
    fmt::format_to(std::back_inserter(out), R"("<{} bytes>")", b->bytes.size());
  } else {
    out.append("null");
  }
}

}  // namespace

void register_sql_metrics(Metrics& metrics) {
  const auto add = [](auto&& f) {
    try {
      f();
    } catch (const std::invalid_argument&) {  // registered already
    }
  };
  add([&] { metrics.new_histogram("app_sql_stats", "Response time of SQL queries in milliseconds.",
                                   metrics::datasource_buckets()); });
  add([&] { metrics.new_gauge("app_sql_open_connections", "Number of open SQL connections."); });
  add([&] { metrics.new_gauge("app_sql_inUse_connections", "Number of inUse SQL connections."); });
}

namespace {

tracing::Span start_span(Context* ctx, const Datasource& datasource, const std::string& type) {
  const auto name = type.empty() ? datasource.description().database : type + " " + datasource.description().database;
  auto span = ctx ? ctx->trace(name) : datasource.telemetry().tracer.start(name, tracing::SpanKind::client, {});
  span.set_kind(tracing::SpanKind::client);
  return span;
}

}  // namespace

ObservedStatement::ObservedStatement(Context* ctx, const Datasource& datasource, const std::string& statement,
                                     const std::vector<Value>& args)
    : ctx_(ctx),
      datasource_(datasource),
      statement_(statement),
      args_(args),
      type_(statement_type(statement)),
      span_(start_span(ctx, datasource, type_)) {
  if (!span_.recording()) return;
  const auto& d = datasource.description();
  span_.set_attribute("db.system", d.system)
      .set_attribute("db.name", d.database)
      .set_attribute("db.statement", without_literals(statement, datasource.dialect()));
  if (!type_.empty()) span_.set_attribute("db.operation", type_);
}

void ObservedStatement::failed(const std::exception& e) {
  const auto* error = dynamic_cast<const Error*>(&e);
  span_.set_attribute("error.type", error ? error->code() : std::string("exception"))
      .set_status(tracing::StatusCode::error, e.what());
}

ObservedStatement::~ObservedStatement() {
  const auto elapsed = chr::duration<double, std::milli>(chr::steady_clock::now() - started_).count();
  span_.end();
  const auto& d = datasource_.description();
  const auto& telemetry = datasource_.telemetry();
  telemetry.metrics.record_histogram("app_sql_stats", elapsed,
                                  {{"hostname", d.hostname}, {"database", d.database}, {"type", type_}});
  auto& logger = telemetry.logger;
  if (!logger.enabled(Level::debug)) return;
  logger.log_record(
      Level::debug,
      [&](std::string& line) {
        line.append(R"({"type":")");
        logging::append_json_escaped(line, type_);
        line.append(R"(","query":")");
        logging::append_json_escaped(line, statement_);
        fmt::format_to(std::back_inserter(line), R"(","duration":{:.3f})", elapsed);
        if (!args_.empty()) {
          line.append(R"(,"args":[)");
          for (std::size_t i = 0; i < args_.size(); ++i) {
            if (i) line.push_back(',');
            append_json_value(line, args_[i]);
          }
          line.push_back(']');
        }
        line.push_back('}');
      },
      ctx_ ? std::string(ctx_->trace_id()) : span_.trace_id());
}

}  // namespace gofr::sql::detail
