// The start-up amplification lint (resilience.md §11 F12, T12b).
#include "service/amplification_lint.hpp"

#include <gtest/gtest.h>

namespace gofr::service::detail {
namespace {

// T12b: GoFr-like retries (3, so 4 attempts) under an Istio-like mesh (2 retries on 503): 12 > 4.
TEST(AmplificationLint, T12bFiresForGofrRetriesUnderIstioRetries) {
  const auto warning = amplification_warning({.service = "orders", .app_attempts = 4, .mesh_retries = 2});
  ASSERT_TRUE(warning);
  EXPECT_NE(warning->find("service orders: one failing call can become 12 requests (4 app attempts x 3 mesh"),
            std::string::npos)
      << *warning;
}

TEST(AmplificationLint, QuietWhenOneLayerRetries) {
  EXPECT_FALSE(amplification_warning({.service = "orders", .app_attempts = 3, .mesh_retries = 0}));  // app only
  EXPECT_FALSE(amplification_warning({.service = "orders", .app_attempts = 1, .mesh_retries = 2}));  // mesh only
  EXPECT_FALSE(amplification_warning({.service = "orders", .app_attempts = 2, .mesh_retries = 1}));  // 4: the limit
}

}  // namespace
}  // namespace gofr::service::detail
