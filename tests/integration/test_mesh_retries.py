"""Retry ownership with a real second retry layer (resilience.md §11 F6, T6a and T6b): HAProxy between the
integration server and the fault server, retrying 503 twice (3 tries), as a sidecar with `retryOn: 5xx` would.
One HAProxy frontend honours x-envoy-max-retries: 0 (as Envoy does), the other ignores it (the app is treated as
external and its headers are not trusted). Amplification = attempts at the fault server / logical calls."""
import concurrent.futures
import json
import os
import shutil
import subprocess
import tempfile
import time
import unittest
import urllib.parse

import harness
from fault_server import FaultServer, closed_port
from harness import ServerTestCase

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"

CONFIG = """
global
    maxconn 2000
defaults
    mode http
    timeout connect 1s
    timeout client 30s
    timeout server 30s
    retries 2
    retry-on 503 conn-failure empty-response
frontend honouring
    bind 127.0.0.1:{honouring}
    http-request disable-l7-retry if {{ req.hdr(x-envoy-max-retries) -m str 0 }}
    default_backend fault
frontend raw
    bind 127.0.0.1:{raw}
    default_backend fault
backend fault
    server fault 127.0.0.1:{fault}
"""


@unittest.skipUnless(os.path.exists(HAPROXY), "haproxy is not installed (scripts/install-deps.sh)")
class MeshRetryTests(ServerTestCase):
    def setUp(self):
        self.fault = FaultServer()
        self.addCleanup(self.fault.close)
        honouring, raw = closed_port(), closed_port()
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir, True)
        config = os.path.join(self.dir, "haproxy.cfg")
        with open(config, "w") as f:
            f.write(CONFIG.format(honouring=honouring, raw=raw, fault=self.fault.port))
        self.proxy = subprocess.Popen([HAPROXY, "-f", config, "-db"], stdout=subprocess.DEVNULL,
                                      stderr=subprocess.PIPE)
        self.addCleanup(self.stop_proxy)
        harness.wait_for_port(raw)
        harness.wait_for_port(honouring)
        self.srv = self.start(env={"MESH_URL": "http://127.0.0.1:%d" % honouring,
                                   "MESH_RAW_URL": "http://127.0.0.1:%d" % raw})

    def stop_proxy(self):
        self.proxy.terminate()
        self.proxy.wait(5)

    def call(self, service):
        r = self.srv.get("/call?" + urllib.parse.urlencode({"service": service, "path": "always-503"}))
        self.assertEqual(r.status, 200, r)
        return r.json()["data"]

    def calls(self, service, count, workers=50):
        with concurrent.futures.ThreadPoolExecutor(workers) as pool:
            return list(pool.map(lambda _: self.call(service), range(count)))

    def amplification(self, calls):
        return len(self.fault.seen("/always-503")) / calls

    def test_t6a_two_layers_retrying_the_same_failure_multiply(self):
        self.calls("mesh-both", 1000)
        self.assertEqual(self.amplification(1000), 9.0)  # the storm the ownership protocol prevents

    def test_t6b_the_app_owns_retries_and_the_mesh_honours_it(self):
        self.calls("mesh-app", 1000)
        self.assertLessEqual(self.amplification(1000), 1.30)

    def test_t6b_auto_mode_detects_a_layer_that_ignores_the_headers(self):
        detected_after = None
        for n in range(1, 21):
            before = len(self.fault.seen("/always-503"))
            self.call("mesh-auto")
            if len(self.fault.seen("/always-503")) - before == 3:  # one app attempt, the proxy's three tries
                detected_after = n
                break
        self.assertIsNotNone(detected_after, "no detection within 20 calls")
        start = len(self.fault.seen("/always-503"))
        self.calls("mesh-auto", 1000)
        self.assertLessEqual((len(self.fault.seen("/always-503")) - start) / 1000, 3.0)

    def test_the_mesh_owns_retries_and_the_app_makes_one_attempt(self):
        results = self.calls("mesh-mesh", 200)
        self.assertEqual({r["attempts"] for r in results}, {1})
        self.assertEqual(self.amplification(200), 3.0)


class ChainTests(ServerTestCase):
    """T6c: A -> B -> C -> D, D always answering 503, every hop allowed 3 attempts. Without the budget and the
    X-Retry-Exhausted marker D would see 27 attempts per call; with them only the hop above D retries."""

    def test_t6c_only_the_layer_above_a_failure_retries_it(self):
        d = FaultServer()
        self.addCleanup(d.close)
        c = self.start(env={"FAULT_URL": d.url})
        b = self.start(env={"FAULT_URL": "http://127.0.0.1:%d" % c.port})
        a = self.start(env={"FAULT_URL": "http://127.0.0.1:%d" % b.port})

        def hop(path):
            return "forward?" + urllib.parse.urlencode({"service": "hop", "path": path})

        path = hop(hop("always-503"))  # what A asks B, and B asks C; C asks D for always-503
        calls = 1000

        def one(_):
            r = a.get("/" + hop(path))
            return r.status, r.header("x-retry-exhausted")

        with concurrent.futures.ThreadPoolExecutor(50) as pool:
            results = list(pool.map(one, range(calls)))
        self.assertEqual({status for status, _ in results}, {503})
        self.assertLessEqual(len(d.seen("/always-503")) / calls, 1.5)
        # Each hop's answer carried X-Retry-Exhausted, so A and B called once per call, with one attempt each.
        time.sleep(0.3)
        for hop_server in (a, b):
            logs = [json.loads(l)["message"] for l in hop_server.stdout().splitlines() if '"correlationId"' in l]
            self.assertEqual(len(logs), calls)
            self.assertEqual({l["attempts"] for l in logs}, {1})


if __name__ == "__main__":
    unittest.main()
