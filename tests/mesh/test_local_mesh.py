#!/usr/bin/env python3
"""The seed's mesh claims, shown on a local mesh (local_mesh.py): examples/fleet with every service in its own
network namespace behind a sidecar proxy. Printed: the trace through all three services and their sidecars, and the
probes answered on each app's own port. Needs root; skipped otherwise."""
import json
import os
import shutil
import sys
import time
import unittest
import urllib.error
import urllib.request

from local_mesh import APP_HTTP_PORT, Fleet, Network, ZipkinCollector

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
class LocalMeshTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.network = Network(["gateway", "orders", "catalog"])
        cls.addClassCleanup(cls.network.close)
        cls.collector = ZipkinCollector(cls.network.node_ip)
        cls.addClassCleanup(cls.collector.close)
        cls.fleet = Fleet(FLEET, cls.network, cls.collector)
        cls.addClassCleanup(cls.fleet.close)
        deadline = time.monotonic() + 30
        while True:
            status, body = http("GET", cls.fleet.url("gateway", "/.well-known/health"), timeout=2) \
                if cls.reachable() else (0, b"")
            if status == 200 and json.loads(body)["data"]["orders"]["status"] == "UP":
                break
            if time.monotonic() > deadline:
                raise RuntimeError("the fleet did not come up:\n" + "\n".join(
                    role + ":\n" + cls.fleet.log(role)[-2000:] for role in ("gateway", "orders", "catalog")))
            time.sleep(0.1)

    @classmethod
    def reachable(cls):
        try:
            http("GET", cls.fleet.url("gateway", "/.well-known/alive"), timeout=1)
            return True
        except OSError:
            return False

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


if __name__ == "__main__":
    unittest.main()
