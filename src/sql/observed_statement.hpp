#pragma once
// What every statement run through ctx.sql() leaves behind, whatever the driver:
// - a CLIENT span "<TYPE> <database>" with db.system, db.name, db.operation and db.statement (literal values
//   taken out), status error with the driver's code when the statement fails;
// - app_sql_stats, its duration in milliseconds, labelled hostname, database and type (GoFr's);
// - GoFr's DEBUG line {"type","query","duration"(ms),"args"} with the request's trace id.
// Outside a request (`ctx` null: migrations) the span is a root and the line carries its trace id.
#include <chrono>
#include <exception>
#include <string>
#include <vector>

#include "gofr/context.hpp"
#include "gofr/tracing/span.hpp"
#include "sql/datasource.hpp"

namespace gofr::sql::detail {

// Registers app_sql_stats and the pool gauges with the app's metrics; a second call finds them registered.
void register_sql_metrics(Metrics& metrics);

class ObservedStatement {
 public:
  ObservedStatement(Context* ctx, const Datasource& datasource, const std::string& statement,
                    const std::vector<Value>& args);
  ObservedStatement(const ObservedStatement&) = delete;
  ObservedStatement& operator=(const ObservedStatement&) = delete;
  ~ObservedStatement();  // ends the span, records the duration, writes the log line

  void failed(const std::exception& e);

 private:
  Context* ctx_;
  const Datasource& datasource_;
  const std::string& statement_;
  const std::vector<Value>& args_;
  std::string type_;
  tracing::Span span_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace gofr::sql::detail
