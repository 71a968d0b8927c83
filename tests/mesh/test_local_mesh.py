#!/usr/bin/env python3
"""The seed's mesh claims, shown on a local mesh (local_mesh.py): examples/fleet with every service in its own
network namespace behind a sidecar proxy. Printed: the trace through all three services and their sidecars, the
probes answered on each app's own port, a rolling restart of orders under load, the retry-storm table (who owns
retries), and what a sidecar hop costs next to the library's resilience. Needs root; skipped otherwise."""
import http.client as http_client
import json
import os
import shutil
import statistics
import sys
import threading
import time
import unittest
import urllib.error
import urllib.request

from local_mesh import APP_HTTP_PORT, SIDECAR_HTTP_PORT, Fleet, Network, ZipkinCollector

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
FLEET = os.environ.get("GOFR_FLEET") or os.path.join(ROOT, "build", "examples", "fleet", "fleet")
TRACE_ID = "6e0c63257de34c92bf9efcd03927272e"
PARENT_ID = "e457b5a2e4d86bd1"


def http(method, url, body=None, headers=None, timeout=10):
    request = urllib.request.Request(url, method=method, data=body, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


@unittest.skipUnless(os.geteuid() == 0 and shutil.which("ip") and shutil.which("haproxy"),
                     "needs root, iproute2 and haproxy")
class MeshTestCase(unittest.TestCase):
    """A network of namespaces (NAMESPACES) on a bridge, and a Zipkin collector on it, for the class's tests."""

    NAMESPACES = ["gateway", "orders", "catalog"]

    @classmethod
    def setUpClass(cls):
        cls.network = Network(cls.NAMESPACES)
        cls.addClassCleanup(cls.network.close)
        cls.collector = ZipkinCollector(cls.network.node_ip)
        cls.addClassCleanup(cls.collector.close)


class LocalMeshTests(MeshTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fleet = Fleet(FLEET, cls.network, cls.collector)
        cls.addClassCleanup(cls.fleet.close)
        cls.fleet.wait_ready()

    def test_one_trace_through_every_service_and_sidecar(self):
        status, body = http("POST", self.fleet.url("gateway", "/checkout"), json.dumps({"item_id": 1, "quantity": 2})
                            .encode(), {"Content-Type": "application/json",
                                        "traceparent": "00-%s-%s-01" % (TRACE_ID, PARENT_ID)})
        self.assertEqual(status, 201, body)
        # gateway SERVER → the service call → its attempt → (orders' sidecar) → orders SERVER → the gRPC call →
        # (catalog's sidecar) → catalog SERVER: each span the child of the one before, across three processes and
        # two proxies. (orders' SQL spans are siblings of its gRPC call.)
        wanted = [("gateway", "SERVER", "POST /checkout"), ("gateway", "CLIENT", "POST"),
                  ("gateway", "CLIENT", "POST"), ("orders", "SERVER", "POST /orders"),
                  ("orders", "CLIENT", "fleet.Catalog/GetItem"), ("catalog", "SERVER", "fleet.Catalog/GetItem")]
        deadline = time.monotonic() + 10
        while True:
            spans = self.collector.trace(TRACE_ID)
            if len(spans) >= len(wanted) or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        chain, parent = [], PARENT_ID
        for service, kind, name in wanted:
            found = [s for s in spans if s["localEndpoint"]["serviceName"] == service and s["kind"] == kind
                     and s["name"] == name and s.get("parentId") == parent]
            self.assertEqual(len(found), 1, "no %s %s span under %s in %s" % (service, kind, parent,
                                                                               json.dumps(spans, indent=1)))
            chain.append(found[0])
            parent = found[0]["id"]
        print("\ntrace %s through the sidecars:" % TRACE_ID, file=sys.stderr)
        for span in chain:
            print("  %-8s %-6s %s  parent %s  %s" % (span["localEndpoint"]["serviceName"], span["kind"], span["id"],
                                                     span["parentId"], span["name"]), file=sys.stderr)

    def test_probes_are_answered_on_the_app_port(self):
        # The kubelet probes the pod's address on the app's port, not through the sidecar.
        for role in ("gateway", "orders", "catalog"):
            for path in ("/.well-known/alive", "/.well-known/health"):
                with self.subTest(role=role, path=path):
                    status, _ = http("GET", "http://%s:%d%s" % (self.network.ip(role), APP_HTTP_PORT, path))
                    self.assertEqual(status, 200)
        print("\nprobes: /.well-known/alive and /.well-known/health answer 200 on each app's own port %d"
              % APP_HTTP_PORT, file=sys.stderr)


class RollingRestartTests(MeshTestCase):
    """Two replicas of orders behind the gateway's sidecar, which follows their readiness as a mesh follows the
    pods' endpoints. Each replica is restarted in turn, under load: SIGTERM fails its readiness at once, and it
    keeps serving through SHUTDOWN_DRAIN_DELAY while the sidecar stops sending it new requests, then finishes what
    it has. No request may fail, and none is retried: neither the gateway nor any proxy retries, so a failure
    would show."""

    NAMESPACES = ["gateway", "orders1", "orders2", "catalog"]

    def test_rolling_restart_under_load_fails_no_request(self):
        drain = "1s"  # with 0s, the same run fails dozens of requests with 503
        fleet = Fleet(FLEET, self.network, self.collector, env={"TRACER_RATIO": "0"}, replicas=2,
                      role_env={"gateway": {"ORDERS_RETRIES": "0"}, "orders": {"SHUTDOWN_DRAIN_DELAY": drain}})
        self.addCleanup(fleet.close)
        fleet.wait_ready()
        results, stop = [], threading.Event()

        def load():
            while not stop.is_set():
                try:
                    status, _ = http("POST", fleet.url("gateway", "/checkout"),
                                     json.dumps({"item_id": 2, "quantity": 1}).encode(),
                                     {"Content-Type": "application/json"})
                except OSError as e:
                    status = repr(e)
                results.append(status)

        workers = [threading.Thread(target=load) for _ in range(4)]
        for w in workers:
            w.start()
        try:
            time.sleep(0.5)
            started = time.monotonic()
            for name in fleet.orders:
                fleet.restart(name)
                time.sleep(0.5)  # both replicas serving again before the next one goes
            restart_seconds = time.monotonic() - started
        finally:
            stop.set()
            for w in workers:
                w.join()
        failed = [r for r in results if r != 201]
        served = [fleet.metric(name, "app_http_response_count", path="/orders") for name in fleet.orders]
        print("\nrolling restart of orders (2 replicas, SHUTDOWN_DRAIN_DELAY=%s) under load: %d requests in %.1f s, "
              "%d failed; the restarted replicas served %s since they came back"
              % (drain, len(results), restart_seconds, len(failed), [int(n) for n in served]), file=sys.stderr)
        self.assertGreater(len(results), 100, "the load ran throughout")
        self.assertFalse(failed, "failed requests: %r" % failed[:10])


class HopOverheadTests(MeshTestCase):
    """What a sidecar adds to a hop, next to what the library's resilience adds: the median time of
    GET /orders/{id} through the gateway (to the gateway's own port), with the gateway calling orders directly or
    through orders' sidecar, and with retry and breaker on or off. Printed, not asserted: timings belong to
    benchmarks, and a test's machine is shared."""

    REQUESTS = 1000


    def median_us(self, sidecar, resilience):
        orders = self.network.ip("orders")
        gateway = {"ORDERS_URL": "http://%s:%d" % (orders, SIDECAR_HTTP_PORT if sidecar else APP_HTTP_PORT)}
        if not resilience:
            gateway.update({"ORDERS_RETRIES": "0", "ORDERS_BREAKER": "off"})
        fleet = Fleet(FLEET, self.network, self.collector, env={"TRACER_RATIO": "0"},
                      role_env={"gateway": gateway})
        try:
            fleet.wait_ready()
            status, body = http("POST", fleet.url("gateway", "/checkout"),
                                json.dumps({"item_id": 1, "quantity": 1}).encode(), {"Content-Type": "application/json"})
            self.assertEqual(status, 201, body)
            order = json.loads(body)["data"]["id"]
            connection = http_client.HTTPConnection(self.network.ip("gateway"), APP_HTTP_PORT, timeout=10)
            times = []
            for i in range(self.REQUESTS + 100):
                started = time.perf_counter()
                connection.request("GET", "/orders/%d" % order)
                response = connection.getresponse()
                response.read()
                if i >= 100:  # after a warm-up
                    times.append(time.perf_counter() - started)
                self.assertEqual(response.status, 200)
            connection.close()
            return statistics.median(times) * 1e6
        finally:
            fleet.close()

    def test_sidecar_hop_next_to_resilience(self):
        results = {(sidecar, resilience): self.median_us(sidecar, resilience)
                   for sidecar in (False, True) for resilience in (False, True)}
        print("\nGET /orders/{id} through the gateway, median of %d (µs):" % self.REQUESTS, file=sys.stderr)
        for (sidecar, resilience), value in results.items():
            print("  %-22s %-26s %7.0f" % ("through the sidecar" if sidecar else "direct",
                                           "retry + breaker" if resilience else "no retry, no breaker", value),
                  file=sys.stderr)
        sidecar_cost = results[(True, True)] - results[(False, True)]
        resilience_cost = results[(False, True)] - results[(False, False)]
        print("  the sidecar hop adds %.0f µs; the library's retry and breaker add %.0f µs"
              % (sidecar_cost, resilience_cost), file=sys.stderr)


class RetryStormTests(MeshTestCase):
    """An always-failing catalog, and two layers that could retry the gateway → orders hop: the gateway's service
    client and orders' sidecar (retrying 503 twice, as retryOn: 5xx does). orders calls the catalog once per
    attempt it gets (gRPC retries off), so the catalog counts every attempt that got through."""

    CALLS = 10
    # (set-up, gateway environment, orders' sidecar retries)
    SETUPS = [
        ("app only", {"RETRY_OWNER": "app"}, 0),
        ("proxy only", {"RETRY_OWNER": "mesh"}, 2),
        ("both, no ownership", {"RETRY_OWNER": "app"}, 2),
        ("both, ownership detection", {"RETRY_OWNER": "auto"}, 2),
    ]


    def attempts_per_call(self, gateway_env, sidecar_retries):
        fleet = Fleet(FLEET, self.network, self.collector, env={"TRACER_RATIO": "0"},
                      role_env={"gateway": {"ORDERS_RETRIES": "2", "ORDERS_RETRY_BUDGET": "off",
                                            "ORDERS_BREAKER": "off", **gateway_env},
                                "orders": {"CATALOG_ATTEMPTS": "1"},
                                "catalog": {"CATALOG_FAILURE": "unavailable"}},
                      sidecar_retries={"orders": sidecar_retries})
        try:
            fleet.wait_ready()
            for _ in range(self.CALLS):
                status, body = http("POST", fleet.url("gateway", "/checkout"),
                                    json.dumps({"item_id": 1, "quantity": 1}).encode(),
                                    {"Content-Type": "application/json"})
                self.assertEqual(status, 503, body)
            return fleet.metric("catalog", "app_gRPC_Server_stats_count", code="UNAVAILABLE") / self.CALLS
        finally:
            fleet.close()

    def test_one_owner_keeps_a_failure_from_multiplying(self):
        results = {name: self.attempts_per_call(env, retries) for name, env, retries in self.SETUPS}
        print("\nretry storm: attempts at the catalog per failing call (%d calls each)" % self.CALLS,
              file=sys.stderr)
        for name, value in results.items():
            print("  %-28s %5.2f" % (name, value), file=sys.stderr)
        single = max(results["app only"], results["proxy only"])
        self.assertEqual(results["app only"], 3.0, "the gateway's three attempts")
        self.assertEqual(results["proxy only"], 3.0, "the sidecar's three attempts")
        self.assertGreaterEqual(results["both, no ownership"], 6.0, "the storm: the layers multiply")
        self.assertLessEqual(results["both, ownership detection"], single,
                             "the gateway saw the sidecar retry (X-Upstream-Attempts) and left retries to it")


if __name__ == "__main__":
    unittest.main()
