#pragma once
// The libpq functions the PostgreSQL driver calls, found with dlopen the first time DB_DIALECT=postgres asks for
// them (ADR 0011): a service without PostgreSQL never loads libpq, nor the Kerberos, LDAP and GnuTLS libraries it
// pulls in (5 MB of resident pages and 5 ms of start-up). Calls read libpq().PQexec(...) where they would read
// PQexec(...); the header still gives the types and constants.
#include <libpq-fe.h>

#include "core/shared_library.hpp"

namespace gofr::sql::detail {

#define GOFR_LIBPQ_FUNCTIONS(X) \
  X(PQcancel)                   \
  X(PQclear)                    \
  X(PQcmdTuples)                \
  X(PQconnectPoll)              \
  X(PQconnectStartParams)       \
  X(PQconsumeInput)             \
  X(PQerrorMessage)             \
  X(PQfinish)                   \
  X(PQflush)                    \
  X(PQfname)                    \
  X(PQfreeCancel)               \
  X(PQfreemem)                  \
  X(PQftype)                    \
  X(PQgetCancel)                \
  X(PQgetResult)                \
  X(PQgetisnull)                \
  X(PQgetlength)                \
  X(PQgetvalue)                 \
  X(PQisBusy)                   \
  X(PQnfields)                  \
  X(PQntuples)                  \
  X(PQresultErrorField)         \
  X(PQresultErrorMessage)       \
  X(PQresultStatus)             \
  X(PQsendPrepare)              \
  X(PQsendQuery)                \
  X(PQsendQueryPrepared)        \
  X(PQsetNoticeProcessor)       \
  X(PQsetnonblocking)           \
  X(PQsocket)                   \
  X(PQstatus)                   \
  X(PQtransactionStatus)        \
  X(PQunescapeBytea)

struct Libpq {
  GOFR_LIBPQ_FUNCTIONS(GOFR_SHARED_FUNCTION)
  void fill(const gofr::detail::SharedLibrary& library) { GOFR_LIBPQ_FUNCTIONS(GOFR_SHARED_FUNCTION_FILL) }
};

// Loads libpq.so.5 on the first call. Throws config_error naming the library and DB_DIALECT when it cannot.
const Libpq& libpq();

}  // namespace gofr::sql::detail
