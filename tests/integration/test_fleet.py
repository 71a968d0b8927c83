#!/usr/bin/env python3
"""examples/fleet: gateway → orders (HTTP, service client) → catalog (gRPC), SQLite in orders, all started by the
launcher as `make run EXAMPLE=fleet` does. An order goes through all three with one trace; bad input gets the
right 4xx from the service that knows why; a failing catalog is retried by one layer only; SIGTERM stops the fleet
cleanly, a service that dies stops it too, and no service outlives a killed launcher."""
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest

import harness
from harness import ServerTestCase, free_port
from test_metrics import total

FLEET = os.environ.get("GOFR_FLEET") or os.path.join(harness.BUILD, "examples", "fleet", "fleet")
CONFIGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "fleet", "configs")
TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = "00-%s-00f067aa0ba902b7-01" % TRACE_ID
JSON = {"Content-Type": "application/json"}


def post(port, path, body, headers):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("POST", path, body=json.dumps(body), headers=headers)
        r = conn.getresponse()
        return r.status, json.loads(r.read())
    finally:
        conn.close()


def alive(pid):
    """Running, not a zombie waiting for a parent that is gone."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


class FleetTests(ServerTestCase):
    def start_fleet(self, env=None, check_exit=True):
        cwd = tempfile.mkdtemp(prefix="gofr-fleet-")  # orders.db goes here
        self.addCleanup(shutil.rmtree, cwd, True)
        shutil.copytree(CONFIGS, os.path.join(cwd, "configs"))
        self.ports = {name: free_port() for name in ("orders", "catalog_http", "catalog_grpc", "metrics",
                                                     "orders_metrics", "catalog_metrics")}
        full = {"ORDERS_HTTP_PORT": self.ports["orders"], "CATALOG_HTTP_PORT": self.ports["catalog_http"],
                "CATALOG_GRPC_PORT": self.ports["catalog_grpc"], "METRICS_PORT": self.ports["metrics"],
                "ORDERS_METRICS_PORT": self.ports["orders_metrics"],
                "CATALOG_METRICS_PORT": self.ports["catalog_metrics"]}
        full.update(env or {})
        srv = self.start(binary=FLEET, env=full, cwd=cwd, check_exit=check_exit)
        # The gateway answers first; the fleet is up when its health shows orders up too, and the catalog answers
        # on its HTTP port (it accepts HTTP only once its gRPC server is up). Orders' health has no entry for the
        # catalog: a checkout sent before the catalog listened got UNAVAILABLE (seen under ASan, where it starts
        # slower).
        deadline = time.monotonic() + 20
        while True:
            r = srv.get("/.well-known/health")
            if r.status == 200 and r.json()["data"]["orders"]["status"] == "UP":
                break
            self.assertLess(time.monotonic(), deadline, r.body)
            time.sleep(0.05)
        while not self.answers_alive(self.ports["catalog_http"]):
            self.assertLess(time.monotonic(), deadline, "the catalog did not answer on its HTTP port")
            time.sleep(0.05)
        return srv

    @staticmethod
    def answers_alive(port):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        try:
            conn.request("GET", "/.well-known/alive")
            return conn.getresponse().status == 200
        except OSError:
            return False
        finally:
            conn.close()

    def checkout(self, srv, body, headers=JSON):
        return srv.request("POST", "/checkout", body=body if isinstance(body, str) else json.dumps(body),
                           headers=headers)

    def test_an_order_goes_through_all_three_services_in_one_trace(self):
        srv = self.start_fleet()
        r = self.checkout(srv, {"item_id": 2, "quantity": 3}, headers={**JSON, "traceparent": TRACEPARENT})
        self.assertEqual(r.status, 201, r.body)
        order = r.json()["data"]
        self.assertEqual((order["item_name"], order["quantity"], order["total_cents"]), ("cake", 3, 1260))
        self.assertEqual(srv.get("/orders/%d" % order["id"]).json()["data"], order, "kept in SQLite")
        # Each service logged its part with the caller's trace id: the gateway's and orders' request lines, and the
        # catalog's gRPC call line.
        deadline = time.monotonic() + 5
        while True:
            records = [r["message"] for r in srv.log_records() if isinstance(r.get("message"), dict)
                       and TRACE_ID in (r.get("trace_id"), r["message"].get("trace_id"), r["message"].get("id"))]
            paths = {m.get("uri") or m.get("method") for m in records}
            if {"/checkout", "/orders", "/fleet.Catalog/GetItem"} <= paths or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        self.assertLessEqual({"/checkout", "/orders", "/fleet.Catalog/GetItem"}, paths)

    def test_bad_input_gets_the_right_error_from_the_service_that_knows(self):
        srv = self.start_fleet()
        cases = [({"item_id": 99, "quantity": 1}, JSON, 404, "item_id: 99"),  # the catalog does not have it
                 ({"item_id": 1, "quantity": 0}, JSON, 400, "quantity"),
                 ({"quantity": 1}, JSON, 400, "item_id"),
                 ('{"item_id": 1,', JSON, 400, "not valid JSON"),
                 ('{"item_id": 1, "quantity": 1}', {"Content-Type": "text/plain"}, 415, "text/plain")]
        for body, headers, status, named in cases:
            with self.subTest(body=body):
                r = self.checkout(srv, body, headers)
                self.assertEqual(r.status, status, r.body)
                self.assertIn(named, r.json()["error"]["message"])
        self.assertEqual(srv.get("/orders/12345").status, 404)
        self.assertEqual(self.checkout(srv, {"item_id": 1, "quantity": 1}).status, 201, "still serving")

    def test_a_repeated_idempotency_key_gets_the_same_order(self):
        srv = self.start_fleet()
        # Straight to orders, as the gateway's retried POST arrives: the same key on every attempt.
        headers = {**JSON, "Idempotency-Key": "a7f3c1d2-0000-4000-8000-000000000001"}
        status, first = post(self.ports["orders"], "/orders", {"item_id": 1, "quantity": 1}, headers)
        self.assertEqual(status, 201, first)
        status, again = post(self.ports["orders"], "/orders", {"item_id": 1, "quantity": 1}, headers)
        self.assertEqual(again["data"], first["data"])
        other = self.checkout(srv, {"item_id": 1, "quantity": 1})
        self.assertEqual(other.json()["data"]["id"], first["data"]["id"] + 1, "one order per key")

    def test_a_failing_catalog_is_retried_by_one_layer_only(self):
        srv = self.start_fleet({"CATALOG_FAILURE": "unavailable"})
        r = self.checkout(srv, {"item_id": 1, "quantity": 1})
        self.assertEqual(r.status, 503, r.body)
        self.assertEqual(r.header("X-Retry-Exhausted"), "1")
        # orders' gRPC client retried the catalog (3 attempts), told the gateway so, and the gateway did not retry.
        time.sleep(0.3)
        attempts = total(self.ports["catalog_metrics"], "app_gRPC_Server_stats_count", code="UNAVAILABLE")
        self.assertEqual(attempts, 3)
        self.assertEqual(total(self.ports["orders_metrics"], "app_http_response_count", path="/orders"), 1)

    def test_sigterm_stops_every_service_and_a_dead_one_stops_the_fleet(self):
        srv = self.start_fleet()
        self.assertEqual(self.checkout(srv, {"item_id": 3, "quantity": 1}).status, 201)
        self.assertEqual(srv.stop(signal.SIGTERM), 0)
        for port in (self.ports["orders"], self.ports["catalog_http"], self.ports["catalog_grpc"]):
            with self.assertRaises(ConnectionRefusedError, msg="port %d still open" % port):
                socket.create_connection(("127.0.0.1", port), timeout=1).close()

        srv = self.start_fleet()
        found = subprocess.run(["pgrep", "-P", str(srv.proc.pid)], capture_output=True, text=True)
        children = [int(p) for p in found.stdout.split()]
        self.assertEqual(len(children), 3)
        os.kill(children[0], signal.SIGKILL)
        self.assertEqual(srv.wait(timeout=20), 1, "a service died: the fleet stops and says so")
        self.assertIn("stopping the others", srv.stderr())
        for child in children:
            with self.assertRaises(ProcessLookupError):
                os.kill(child, 0)

    def test_no_service_outlives_a_killed_launcher(self):
        srv = self.start_fleet(check_exit=False)
        found = subprocess.run(["pgrep", "-P", str(srv.proc.pid)], capture_output=True, text=True)
        children = [int(p) for p in found.stdout.split()]
        self.assertEqual(len(children), 3)
        srv.kill()  # SIGKILL: the launcher cannot stop anything itself
        deadline = time.monotonic() + 15
        while any(alive(c) for c in children):
            self.assertLess(time.monotonic(), deadline, "a service outlived its launcher")
            time.sleep(0.05)


if __name__ == "__main__":
    unittest.main()
