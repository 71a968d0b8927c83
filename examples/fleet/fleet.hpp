#pragma once
// examples/fleet: three services, gateway → orders → catalog, in one binary. FLEET_ROLE picks the service a
// process runs; without it, the process is the launcher and starts all three (`make run EXAMPLE=fleet`).
//
//   gateway  HTTP_PORT (8000)          POST /checkout, GET /orders/{id}: calls orders over HTTP through the service
//                                      client, with retries (an Idempotency-Key makes the POST retryable) and a
//                                      circuit breaker
//   orders   ORDERS_HTTP_PORT (8001)   POST /orders, GET /orders/{id}: asks the catalog over gRPC, keeps orders in
//                                      SQLite (orders.db), answers a repeated Idempotency-Key with the same order
//   catalog  CATALOG_GRPC_PORT (9000)  fleet.Catalog/GetItem; health on CATALOG_HTTP_PORT (8002).
//            CATALOG_FAILURE=unavailable makes every call fail with UNAVAILABLE (for retry experiments)
//
// For retry experiments (tests/mesh): ORDERS_RETRIES (2), ORDERS_RETRY_BUDGET=off and ORDERS_BREAKER=off in the
// gateway, with the framework's RETRY_OWNER; CATALOG_ATTEMPTS (3; 1 switches gRPC's retries off) in orders.
//
// Metrics: METRICS_PORT (2121), ORDERS_METRICS_PORT (2122), CATALOG_METRICS_PORT (2123). Tracing variables
// (TRACE_EXPORTER, TRACER_URL, …) reach all three.

int run_fleet();
int run_gateway();
int run_orders();
int run_catalog();
