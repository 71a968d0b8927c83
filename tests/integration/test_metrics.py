"""The metrics endpoint against real Prometheus tools: promtool lints the exposition, and a real Prometheus server
scrapes the port and reports the target up."""
import os
import shutil
import subprocess
import tempfile
import time
import unittest
import urllib.request

import harness
from harness import ServerTestCase


def scrape(port, headers=None):
    req = urllib.request.Request("http://127.0.0.1:%d/metrics" % port, headers=headers or {})
    with urllib.request.urlopen(req, timeout=5) as r:
        return r.status, r.headers.get("Content-Type"), r.read().decode()


def series(text, name):
    return [line for line in text.splitlines() if line.startswith(name + "{") or line.startswith(name + " ")]


def total(port, name, **labels):
    """The sum of the series `name` whose labels include `labels`, on the /metrics page at `port` (0 if none)."""
    wanted = ['%s="%s"' % kv for kv in labels.items()]
    return sum(float(line.rsplit(" ", 1)[1]) for line in series(scrape(port)[2], name)
               if all(w in line for w in wanted))


class MetricsTests(ServerTestCase):
    def start_with_metrics(self, **env):
        self.metrics_port = harness.free_port()
        base = {"METRICS_PORT": str(self.metrics_port), "APP_NAME": "orders", "APP_VERSION": "1.2.3"}
        base.update(env)
        return self.start(env=base)

    def test_gofr_series_and_labels(self):
        srv = self.start_with_metrics()
        for path in ("/hello", "/hello", "/users/ada", "/no/such/route", "/another/unknown"):
            srv.get(path)
        status, content_type, text = scrape(self.metrics_port)
        self.assertEqual(status, 200)
        self.assertTrue(content_type.startswith("text/plain; version=0.0.4"), content_type)
        scope = 'otel_scope_name="orders",otel_scope_schema_url="",otel_scope_version="1.2.3"'
        self.assertIn('app_info{%s,app_name="orders",app_version="1.2.3",framework_version="' % scope, text)
        self.assertIn('app_http_response_count{%s,method="GET",path="/hello",status="200"} 2' % scope, text)
        self.assertIn('app_http_response_count{%s,method="GET",path="/users/{name}",status="200"} 1' % scope, text)
        # Unmatched paths share one label value: cardinality stays bounded whatever clients send.
        self.assertIn('app_http_response_count{%s,method="GET",path="unmatched",status="404"} 2' % scope, text)
        self.assertNotIn("/no/such/route", text)
        # GoFr's buckets, in seconds.
        for le in ("0.001", "0.003", "0.005", "0.01", "0.02", "0.03", "0.05", "0.1", "0.2", "0.3", "0.5", "0.75",
                   "1", "2", "3", "5", "10", "30", "+Inf"):
            self.assertIn('path="/hello",status="200",le="%s"}' % le, text)
        for name in ("app_process_threads", "app_process_resident_memory_bytes", "app_process_open_fds",
                     "process_resident_memory_bytes"):
            self.assertTrue(series(text, name), name)

    def test_user_metrics_api(self):
        srv = self.start_with_metrics()
        self.assertEqual(srv.get("/metrics-demo").status, 200)
        _, _, text = scrape(self.metrics_port)
        self.assertRegex(text, r'\norders_created_total\{[^}]*channel="web"\} 1\n')  # the name as given: no suffix added, as GoFr
        self.assertRegex(text, r'\norder_value_count\{[^}]*\} 1\n')
        self.assertRegex(text, r'\nqueue_depth\{[^}]*\} 7\n')
        self.assertRegex(text, r'\nin_flight_jobs\{[^}]*\} 2\n')
        self.assertNotIn("never_registered", text)
        rec = srv.wait_log(lambda r: False, timeout=0.2)  # let the async log writer flush
        del rec
        self.assertIn("Metrics never_registered is not registered", srv.stderr())

    def test_promtool_accepts_the_exposition(self):
        if not shutil.which("promtool"):
            self.skipTest("promtool not installed")
        srv = self.start_with_metrics()
        for path in ("/hello", "/metrics-demo", "/nope", "/errors/panic"):
            srv.get(path)
        _, _, text = scrape(self.metrics_port)
        p = subprocess.run(["promtool", "check", "metrics"], input=text.encode(), capture_output=True, timeout=30)
        self.assertEqual(p.returncode, 0, p.stdout.decode() + p.stderr.decode())
        self.assertEqual(p.stdout.decode() + p.stderr.decode(), "", "promtool reported problems")

    def test_prometheus_server_scrapes_the_port(self):
        if not shutil.which("prometheus"):
            self.skipTest("prometheus not installed")
        srv = self.start_with_metrics()
        srv.get("/hello")
        workdir = tempfile.mkdtemp(prefix="gofr-prom-")
        self.addCleanup(shutil.rmtree, workdir, True)
        config = os.path.join(workdir, "prometheus.yml")
        with open(config, "w") as f:
            f.write("global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: gofr\n"
                    "    static_configs:\n      - targets: ['127.0.0.1:%d']\n" % self.metrics_port)
        prom_port = harness.free_port()
        prom = subprocess.Popen(["prometheus", "--config.file=" + config, "--storage.tsdb.path=" + workdir + "/data",
                                 "--web.listen-address=127.0.0.1:%d" % prom_port],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.addCleanup(lambda: (prom.terminate(), prom.wait(10)))
        deadline = time.monotonic() + 30
        up = hello = None
        while time.monotonic() < deadline:
            try:
                up = self.query(prom_port, "up")
                hello = self.query(prom_port, 'app_http_response_count{path="/hello"}')
                if up and up[0]["value"][1] == "1" and hello:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        self.assertTrue(up, "Prometheus returned no 'up' series")
        self.assertEqual(up[0]["value"][1], "1", "target health is not up")
        self.assertTrue(hello, "Prometheus did not ingest app_http_response")
        self.assertEqual(hello[0]["metric"]["otel_scope_name"], "orders")

    @staticmethod
    def query(port, expr):
        import json
        import urllib.parse
        url = "http://127.0.0.1:%d/api/v1/query?query=%s" % (port, urllib.parse.quote(expr))
        with urllib.request.urlopen(url, timeout=5) as r:
            return json.loads(r.read())["data"]["result"]

    def test_metrics_port_zero_disables_the_server(self):
        srv = self.start(env={"METRICS_PORT": "0"})
        self.assertEqual(srv.get("/hello").status, 200)
        self.assertNotIn("metrics server", srv.stdout())

    def test_metrics_port_taken_fails_startup(self):
        import socket
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            s.listen()
            code, out, err = harness.run_to_exit(env={"METRICS_PORT": str(s.getsockname()[1])})
        self.assertEqual(code, 1, out + err)
        self.assertIn("blocked", out + err)


if __name__ == "__main__":
    unittest.main()
