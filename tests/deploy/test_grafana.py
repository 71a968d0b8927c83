#!/usr/bin/env python3
"""The Grafana dashboard (deploy/grafana): every metric its queries read is one a running service exports. The
integration server calls a scripted downstream through the service client (retries, a breaker that opens, a retry
budget that denies, replicas that get ejected), the gRPC example answers calls, and both /metrics pages are
scraped."""
import json
import os
import re
import sys
import time
import unittest
import urllib.request

import grpc

import framework_defaults

ROOT = framework_defaults.ROOT
sys.path.insert(0, str(ROOT / "tests" / "integration"))
import harness  # noqa: E402
from fault_server import FaultServer  # noqa: E402

DASHBOARD = ROOT / "deploy" / "grafana" / "gofr-service.json"
GRPC_EXAMPLE = os.environ.get("GOFR_GRPC_EXAMPLE", str(ROOT / "build/examples/grpc/grpc"))


def queries(dashboard):
    for panel in dashboard["panels"]:
        for target in panel.get("targets", []):
            yield panel["title"], target["expr"]


def metric_names(expr):
    """The app_… series an expression reads (PromQL functions and labels are not app_…)."""
    return set(re.findall(r"\b(app_[A-Za-z0-9_]+)", expr))


def exported(metrics_port):
    """Every sample name on a /metrics page."""
    with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % metrics_port, timeout=5) as r:
        text = r.read().decode()
    return {re.split(r"[{ ]", line, maxsplit=1)[0] for line in text.splitlines() if line and not line.startswith("#")}


class DashboardTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dashboard = json.loads(DASHBOARD.read_text())

    def test_every_queried_metric_is_exported(self):
        wanted = set().union(*(metric_names(expr) for _, expr in queries(self.dashboard)))
        self.assertTrue(wanted)
        names = self.http_service_metrics() | self.grpc_metrics()
        self.assertFalse(wanted - names, "queried but not exported")

    def test_every_panel_filters_by_the_dashboards_variables(self):
        variables = {v["name"] for v in self.dashboard["templating"]["list"]}
        self.assertLessEqual({"datasource", "job", "instance"}, variables)
        for title, expr in queries(self.dashboard):
            with self.subTest(panel=title):
                for name in metric_names(expr):
                    # Every series selector in the expression carries the job and instance filters.
                    for selector in re.findall(re.escape(name) + r"(\{[^}]*\})?", expr):
                        self.assertIn('job=~"$job"', selector, expr)
                        self.assertIn('instance=~"$instance"', selector, expr)

    def http_service_metrics(self):
        fault = FaultServer()
        self.addCleanup(fault.close)
        replicas = [FaultServer(status=503) for _ in range(3)]
        for r in replicas:
            self.addCleanup(r.close)
        metrics_port = harness.free_port()
        srv = harness.Server(env={"FAULT_URL": fault.url, "METRICS_PORT": str(metrics_port),
                                  "ENDPOINTS": ",".join("127.0.0.1:%d" % r.port for r in replicas)})
        self.addCleanup(srv.cleanup)
        calls = ["/call?service=retrying&path=always-503",  # retries sent
                 "/call?service=plain&path=ok"]
        calls += ["/call?service=breaker&path=always-503"] * 4  # opens the breaker
        calls += ["/call?service=budget-a&path=always-503"] * 10  # the budget denies retries
        calls += ["/call?service=replicas&path=ok"] * 10  # failing replicas get ejected
        for path in calls:
            self.assertIn(srv.get(path).status, (200, 502, 503, 504), path)
        time.sleep(0.2)
        return exported(metrics_port)

    def grpc_metrics(self):
        port, metrics_port = harness.free_port(), harness.free_port()
        srv = harness.Server(binary=GRPC_EXAMPLE, cwd=str(ROOT / "examples" / "grpc"),
                             env={"GRPC_PORT": str(port), "METRICS_PORT": str(metrics_port)})
        self.addCleanup(srv.cleanup)
        with grpc.insecure_channel("127.0.0.1:%d" % port) as channel:
            say_hello = channel.unary_unary("/hello.Greeter/SayHello")
            say_hello(b"\x0a\x07grafana", timeout=5)  # HelloRequest{name: "grafana"}, encoded by hand
        return exported(metrics_port)


if __name__ == "__main__":
    unittest.main()
