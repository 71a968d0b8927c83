#pragma once
// GoFr's histogram buckets for datasources (app_sql_stats, app_redis_stats), in milliseconds.
#include <vector>

namespace gofr::metrics {

inline std::vector<double> datasource_buckets() {
  return {.05, .075, .1, .125, .15, .2, .3, .5, .75, 1, 2, 3, 5, 7.5, 10, 25, 50, 100, 250, 500, 1000, 5000, 10000,
          30000};
}

}  // namespace gofr::metrics
