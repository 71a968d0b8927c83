"""Redis through the real binary and a real server: commands from handlers, the "redis" health entry (with INFO
Stats) going DOWN (503) while the server is away and UP when it is back, a restart mid-traffic (no request outlives
its deadline, the app reconnects), GoFr's DEBUG line and app_redis_stats in milliseconds."""

import threading
import time
import urllib.request

import harness
from backends import PrivateRedis, SharedRedis
from harness import HELLO, ServerTestCase, run_to_exit


class RedisCommandTests(ServerTestCase):
    def setUp(self):
        self.redis = SharedRedis(self)

    def test_set_get_incr_and_a_missing_key(self):
        srv = self.start(env=self.redis.env())
        key = self.redis.prefix + "greeting"
        self.assertEqual(srv.request("PUT", "/redis/" + key, body=b"hello", headers={"Content-Type": "text/plain"}).status,
                         200)
        self.assertEqual(srv.get("/redis/" + key).json()["data"], "hello")
        self.assertEqual(srv.get("/redis/" + self.redis.prefix + "missing").status, 404)
        for n in (1, 2, 3):
            self.assertEqual(srv.request("POST", "/redis/%scounter/incr" % self.redis.prefix).json()["data"], n)
        r = srv.request("POST", "/redis/%s/incr" % key)  # not an integer: the server's error, a 500
        self.assertEqual(r.status, 500)
        self.assert_serving(srv)

    def test_many_concurrent_requests_share_the_pipelined_connections(self):
        srv = self.start(env=self.redis.env())
        key = self.redis.prefix + "hits"
        errors = []

        def hit():
            for _ in range(50):
                r = srv.request("POST", "/redis/%s/incr" % key)
                if r.status != 201:
                    errors.append(r.status)

        threads = [threading.Thread(target=hit) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        self.assertEqual(srv.request("POST", "/redis/%s/incr" % key).json()["data"], 401)

    def test_health_debug_line_and_metrics(self):
        metrics_port = harness.free_port()
        srv = self.start(env=self.redis.env(LOG_LEVEL="DEBUG", METRICS_PORT=metrics_port))
        r = srv.get("/.well-known/health")
        self.assertEqual(r.status, 200)
        entry = r.json()["data"]["redis"]
        self.assertEqual(entry["status"], "UP")
        self.assertEqual(entry["details"]["host"], "localhost:%d" % self.redis.port)
        self.assertIn("total_commands_processed", entry["details"]["stats"])
        key = self.redis.prefix + "logged"
        r = srv.get("/redis/" + key)
        trace_id = r.headers["x-correlation-id"][0]
        deadline = time.monotonic() + 3
        while True:
            lines = [rec for rec in srv.log_records() if isinstance(rec.get("message"), dict)
                     and rec["message"].get("query") == "get" and key in rec["message"].get("args", [])]
            if lines or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        self.assertEqual(len(lines), 1, srv.stdout()[-2000:])
        self.assertEqual(lines[0]["level"], "DEBUG")
        self.assertEqual(lines[0]["trace_id"], trace_id)
        self.assertEqual(lines[0]["message"]["args"], ["GET", key])
        self.assertIsInstance(lines[0]["message"]["duration"], int)  # µs, as GoFr writes it
        text = urllib.request.urlopen("http://127.0.0.1:%d/metrics" % metrics_port, timeout=5).read().decode()
        self.assertIn("# HELP app_redis_stats Response time of Redis commands in milliseconds.", text)
        self.assertRegex(text, r'app_redis_stats_count\{[^}]*hostname="localhost:%d"[^}]*type="get"\} [1-9]'
                         % self.redis.port)

    def test_the_sample_service_counts_visits(self):
        srv = self.start(binary=HELLO, env=self.redis.env())
        page = self.redis.prefix + "home"
        r = srv.request("POST", "/visits/" + page)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["data"], 1)
        self.assertEqual(srv.request("POST", "/visits/" + page).json()["data"], 2)

    def test_bad_settings_fail_start_up_naming_the_variable(self):
        code, out, err = run_to_exit(env={"REDIS_HOST": "localhost", "REDIS_PORT": "redis"})
        self.assertEqual(code, 1)
        self.assertIn("REDIS_PORT", out + err)


class RedisOutageTests(ServerTestCase):
    def setUp(self):
        self.redis = PrivateRedis(self)

    def test_health_goes_down_503_and_comes_back_up(self):
        srv = self.start(env=self.redis.env(HEALTH_CACHE_TTL="0s"))
        self.assertEqual(srv.get("/.well-known/health").json()["data"]["redis"]["status"], "UP")
        self.redis.stop()
        deadline = time.monotonic() + 5
        while srv.get("/.well-known/health").status != 503:
            self.assertLess(time.monotonic(), deadline, "health stayed UP with Redis stopped")
            time.sleep(0.05)
        entry = srv.get("/.well-known/health").json()["data"]["redis"]
        self.assertEqual(entry["status"], "DOWN")
        self.assertTrue(entry["details"]["error"])
        self.assert_serving(srv)
        self.assertEqual(srv.get("/redis/x").status, 500)
        self.redis.start()
        deadline = time.monotonic() + 10
        while srv.get("/.well-known/health").status != 200:
            self.assertLess(time.monotonic(), deadline, "health never came back UP")
            time.sleep(0.1)

    def test_a_server_down_at_start_up_does_not_stop_the_app(self):
        self.redis.stop()
        srv = self.start(env=self.redis.env(HEALTH_CACHE_TTL="0s"))
        self.assertEqual(srv.get("/.well-known/health").status, 503)
        self.redis.start()
        deadline = time.monotonic() + 10
        while srv.get("/.well-known/health").status != 200:
            self.assertLess(time.monotonic(), deadline, "never connected once Redis was up")
            time.sleep(0.1)
        self.assertEqual(srv.request("POST", "/redis/late/incr").json()["data"], 1)

    def test_restart_mid_traffic_no_request_outlives_its_deadline(self):
        srv = self.start(env=self.redis.env(REQUEST_TIMEOUT="2s"))

        def restart():
            time.sleep(0.3)
            self.redis.stop()
            time.sleep(0.5)
            self.redis.start()
            time.sleep(0.5)

        results = harness.load_during(lambda: srv.request("POST", "/redis/n/incr", timeout=10).status, restart)
        self.assert_answered_within(results, 2.0)
        deadline = time.monotonic() + 10
        while srv.request("POST", "/redis/n/incr").status != 201:
            self.assertLess(time.monotonic(), deadline, "the app did not reconnect")
            time.sleep(0.05)


class RedisTlsTests(ServerTestCase):
    def setUp(self):
        self.redis = PrivateRedis(self, tls=True)

    def tls_env(self, ca):
        return self.redis.env(REDIS_TLS_ENABLED="true", REDIS_TLS_CA_CERT=ca, REDIS_TLS_CERT=self.redis.certs["client.crt"],
                              REDIS_TLS_KEY=self.redis.certs["client.key"], HEALTH_CACHE_TTL="0s")

    def test_commands_over_tls_with_a_client_certificate(self):
        srv = self.start(env=self.tls_env(self.redis.certs["ca.crt"]))
        self.assertEqual(srv.request("POST", "/redis/tls/incr").json()["data"], 1)
        self.assertEqual(srv.get("/.well-known/health").json()["data"]["redis"]["status"], "UP")

    def test_a_server_certificate_from_another_ca_is_refused(self):
        srv = self.start(env=self.tls_env(self.redis.certs["other-ca.crt"]))
        r = srv.get("/.well-known/health")
        self.assertEqual(r.status, 503)
        self.assertIn("certificate verify failed", r.json()["data"]["redis"]["details"]["error"])
        self.assertEqual(srv.request("POST", "/redis/tls/incr").status, 500)

    def test_an_unreadable_certificate_file_fails_start_up(self):
        code, out, err = run_to_exit(env=self.tls_env("/nonexistent/ca.crt"))
        self.assertEqual(code, 1)
        self.assertIn("REDIS_TLS_CA_CERT", out + err)


if __name__ == "__main__":
    import unittest
    unittest.main(verbosity=2)
