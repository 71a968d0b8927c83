#pragma once
// The one header a service includes.
#include <boost/describe/class.hpp>

#include "gofr/app.hpp"
#include "gofr/config.hpp"
#include "gofr/context.hpp"
#include "gofr/handler.hpp"
#include "gofr/health.hpp"
#include "gofr/http/error.hpp"
#include "gofr/http/response.hpp"
#include "gofr/logging.hpp"
#include "gofr/migration.hpp"
#include "gofr/redis/client.hpp"
#include "gofr/service/client.hpp"
#include "gofr/service/errors.hpp"
#include "gofr/service/options.hpp"
#include "gofr/sql/db.hpp"
#include "gofr/task.hpp"
#include "gofr/version.hpp"
