"""Graceful shutdown (SIGTERM/SIGINT under load, drain delay) and start-up failures."""

import http.client
import signal
import socket
import subprocess
import sys
import threading
import time

import harness
from harness import HELLO_BODY, HOST, ServerTestCase, request_bytes, run_to_exit

SLOW_MS = 300
SLOW_BODY = b'{"data":"slept"}\n'


class LoadResult:
    def __init__(self):
        self.lock = threading.Lock()
        self.records = []       # (path, status, body, t_start, t_end, connection_close, reused)
        self.failures = []      # requests fully written that got no (complete) response
        self.races = []         # reused keep-alive connection closed before any response byte
        self.refused = 0        # connect() refused after the listener closed
        self.unsent = 0         # request could not be written (connection already gone) after SIGTERM

    def add(self, attr, item):
        with self.lock:
            getattr(self, attr).append(item)


def client_loop(port, result, sigterm_sent, stop, index):
    """Keep-alive client: reuses its connection only right after a response that did not say Connection: close."""
    conn = None
    reused = False
    n = index  # threads start on different request kinds
    time.sleep(index * 0.019)  # staggered, so the signal finds the clients at different points of their cycle
    while not stop.is_set():
        if conn is None:
            conn = http.client.HTTPConnection(HOST, port, timeout=10)
            try:
                conn.connect()
            except ConnectionRefusedError:
                if not sigterm_sent.is_set():
                    result.add("failures", ("connect refused before SIGTERM", None))
                with result.lock:
                    result.refused += 1
                return
            except OSError as e:
                result.add("failures", ("connect failed: %r" % e, None))
                return
            reused = False
        path = "/slow?ms=%d" % SLOW_MS if n % 2 == 0 else "/hello"
        n += 1
        t_start = time.monotonic()
        try:
            conn.request("GET", path)
        except OSError as e:
            # Nothing (or not all of it) was written: the server had already closed this connection.
            conn.close()
            conn = None
            if sigterm_sent.is_set():
                with result.lock:
                    result.unsent += 1
                continue
            result.add("failures", ("send failed before SIGTERM: %r" % e, path))
            return
        try:
            resp = conn.getresponse()
            body = resp.read()
        except (http.client.RemoteDisconnected, ConnectionResetError) as e:
            # Closed before any response byte.
            if reused:
                result.add("races", (path, repr(e), t_start))
            else:
                result.add("failures", ("no response on a fresh connection: %r" % e, path))
            conn.close()
            conn = None
            continue
        except Exception as e:  # incomplete response, timeout, ...
            result.add("failures", ("broken response: %r" % e, path))
            conn.close()
            conn = None
            continue
        t_end = time.monotonic()
        close = (resp.getheader("Connection") or "").lower() == "close"
        result.add("records", (path, resp.status, body, t_start, t_end, close, reused))
        if resp.will_close or close:
            conn.close()
            conn = None
        else:
            reused = True
    if conn is not None:
        conn.close()


class GracefulShutdownTests(ServerTestCase):

    def run_load_and_signal(self, sig, threads=16, settle=1.0):
        srv = self.start(env={"SHUTDOWN_GRACE_PERIOD": "10s", "WORKER_THREADS": "2"}, check_exit=False)
        result = LoadResult()
        sigterm_sent = threading.Event()
        stop = threading.Event()
        workers = [threading.Thread(target=client_loop, args=(srv.port, result, sigterm_sent, stop, i), daemon=True)
                   for i in range(threads)]
        for w in workers:
            w.start()
        time.sleep(settle)
        t_sig = time.monotonic()
        sigterm_sent.set()
        srv.send_signal(sig)
        code = srv.wait(timeout=15)
        t_exit = time.monotonic()
        stop_deadline = time.monotonic() + 5
        for w in workers:
            w.join(max(0.1, stop_deadline - time.monotonic()))
        stop.set()
        for w in workers:
            w.join(2)
        if code is None:
            srv.kill()
        return srv, result, code, t_sig, t_exit

    def check_drain(self, sig):
        srv, result, code, t_sig, t_exit = self.run_load_and_signal(sig)
        summary = "records=%d failures=%d races=%d refused=%d unsent=%d" % (
            len(result.records), len(result.failures), len(result.races), result.refused, result.unsent)
        in_flight = [r for r in result.records if r[0].startswith("/slow") and t_sig - 0.2 < r[3] < t_sig]
        summary += " in_flight=%d exit_after=%.2fs" % (len(in_flight), t_exit - t_sig)
        sys.stderr.write("[%s] %s\n" % (signal.Signals(sig).name, summary))
        self.assertEqual(code, 0, "exit code (%s)\nstderr:\n%s" % (summary, srv.stderr()[-3000:]))
        self.assertLess(t_exit - t_sig, 10.0, "did not exit within the grace period")
        self.assertLess(t_exit - t_sig, 3.0, "in-flight requests of %dms should drain quickly" % SLOW_MS)

        self.assertEqual(result.failures, [], summary)
        # The standard keep-alive race (a reused idle connection closed by the drain just as the next request was
        # written) is allowed but must stay rare: clients reuse a connection only immediately after a response.
        self.assertLessEqual(len(result.races), 2, "%s\n%r" % (summary, result.races))

        before = [r for r in result.records if r[4] < t_sig]
        self.assertGreater(len(before), 16, "the load did not run (%s)" % summary)
        for path, status, body, t_start, t_end, close, reused in result.records:
            self.assertEqual(status, 200, (path, status, body))
            self.assertEqual(body, SLOW_BODY if path.startswith("/slow") else HELLO_BODY)
        # Every /slow request that the server received at most 200ms before the signal finishes after the drain
        # began: it must complete normally and carry Connection: close.
        in_flight = [r for r in result.records if r[0].startswith("/slow") and t_sig - 0.2 < r[3] < t_sig]
        self.assertGreaterEqual(len(in_flight), 4, "too few requests in flight at the signal (%s)" % summary)
        for r in in_flight:
            self.assertTrue(r[5], "response to an in-flight request during the drain lacks Connection: close: %r"
                            % (r,))
        # Nothing sent after the drain started may be answered as keep-alive.
        for r in result.records:
            if r[3] > t_sig + 0.1:
                self.assertTrue(r[5], "keep-alive response to a request sent during the drain: %r" % (r,))
        out = srv.output()
        self.assertIn("Application shutdown complete", out)
        self.assertNotIn("still busy", out)
        return result

    def test_sigterm_drains_in_flight_requests(self):
        self.check_drain(signal.SIGTERM)

    def test_sigint_drains_in_flight_requests(self):
        self.check_drain(signal.SIGINT)

    def test_in_flight_request_completes_with_connection_close(self):
        srv = self.start(env={"SHUTDOWN_GRACE_PERIOD": "10s"}, check_exit=False)
        with srv.connect() as c:
            c.send(request_bytes("GET", "/slow?ms=500"))
            time.sleep(0.15)
            srv.send_signal(signal.SIGTERM)
            r = c.read_response(timeout=5)
            self.assertEqual((r.status, r.body), (200, SLOW_BODY), r)
            self.assertTrue(r.connection_close(), r)
            self.assertTrue(c.wait_closed(2))
        self.assertEqual(srv.wait(10), 0, srv.stderr())

    def test_grace_period_bounds_the_exit_even_for_a_long_stream(self):
        # A stream that would run for ~10 s is cut when the grace period ends; the exit follows promptly.
        srv = self.start(env={"SHUTDOWN_GRACE_PERIOD": "1s"}, check_exit=False)
        with srv.connect() as c:
            c.send(request_bytes("GET", "/stream?parts=2000"))
            time.sleep(0.2)
            t0 = time.monotonic()
            srv.send_signal(signal.SIGTERM)
            self.assertEqual(srv.wait(10), 0, srv.stderr())
            self.assertLess(time.monotonic() - t0, 1.8)
            self.assertIn("still busy after SHUTDOWN_GRACE_PERIOD", srv.stderr())

    def test_blocking_work_outliving_the_grace_period_exits_cleanly(self):
        # The offloaded call finishes after the loops stopped; completing into them must be safe (ASan checks).
        srv = self.start(env={"SHUTDOWN_GRACE_PERIOD": "300ms", "BLOCKING_POOL_SIZE": "1"}, check_exit=False)
        conns = []
        for ms in (1500, 1500):  # the second waits in the pool's queue and is dropped
            c = srv.connect()
            c.send(request_bytes("GET", "/blocking-sleep?ms=%d" % ms))
            conns.append(c)
        time.sleep(0.2)
        srv.send_signal(signal.SIGTERM)
        self.assertEqual(srv.wait(10), 0, srv.stderr())
        self.assertNotIn("AddressSanitizer", srv.stderr())
        for c in conns:
            c.close()

    def test_idle_connection_is_closed_and_does_not_delay_exit(self):
        srv = self.start(env={"SHUTDOWN_GRACE_PERIOD": "10s"}, check_exit=False)
        with srv.connect() as c:
            c.send(request_bytes("GET", "/hello"))
            self.assertEqual(c.read_response().status, 200)
            t0 = time.monotonic()
            srv.send_signal(signal.SIGTERM)
            self.assertTrue(c.wait_closed(3), "idle keep-alive connection was not closed by the drain")
            self.assertEqual(c.buf, b"")
            self.assertEqual(srv.wait(10), 0, srv.stderr())
            self.assertLess(time.monotonic() - t0, 2.0)

    def test_new_connections_refused_after_drain(self):
        srv = self.start(env={"SHUTDOWN_GRACE_PERIOD": "10s"}, check_exit=False)
        with srv.connect() as c:
            c.send(request_bytes("GET", "/slow?ms=800"))
            time.sleep(0.1)
            srv.send_signal(signal.SIGTERM)
            time.sleep(0.2)
            with self.assertRaises(ConnectionRefusedError):
                socket.create_connection((HOST, srv.port), timeout=2).close()
            r = c.read_response(timeout=5)
            self.assertEqual(r.status, 200, r)
        self.assertEqual(srv.wait(10), 0, srv.stderr())

    def test_request_written_before_signal_is_served(self):
        # A fresh connection whose request is already in the server's socket buffer when the drain starts must be
        # served (Go treats such a connection as StateNew, not idle), with Connection: close. To make "not read yet"
        # deterministic, a handler holds the single io thread while the request is written and SIGTERM is sent, so
        # the drain is queued before the thread can read the request. (Binding a large JSON body held it before;
        # under TSan with other tests running, the body was sometimes still being read when the request came.)
        srv = self.start(env={"SHUTDOWN_GRACE_PERIOD": "10s", "WORKER_THREADS": "1"}, check_exit=False)
        hold_ms = 3000 if harness.SANITIZED else 1000
        fresh = srv.connect()  # accepted, its read pending, nothing sent yet
        keep = srv.connect()
        keep.send(request_bytes("GET", "/hello"))
        self.assertEqual(keep.read_response().status, 200)
        busy = srv.connect(timeout=30)
        try:
            busy.send(request_bytes("GET", "/hold-io-thread?ms=%d" % hold_ms))
            time.sleep(hold_ms / 1000 / 5)  # the io thread is now held
            fresh.send(request_bytes("GET", "/hello"))
            keep.send(request_bytes("GET", "/hello"))
            time.sleep(0.01)
            srv.send_signal(signal.SIGTERM)
            outcome = {}
            for name, c in (("fresh", fresh), ("keep-alive", keep)):
                try:
                    outcome[name] = c.read_response(timeout=10)
                except (harness.ProtocolError, OSError) as e:
                    outcome[name] = e
            sys.stderr.write("[busy drain] fresh=%s keep-alive=%s " % (
                getattr(outcome["fresh"], "status", "no response"), getattr(outcome["keep-alive"], "status",
                                                                            "no response")))
            r = busy.read_response(timeout=30)
            self.assertEqual((r.status, r.body), (200, b'{"data":"released"}\n'), r)
        finally:
            for c in (fresh, keep, busy):
                c.close()
        self.assertEqual(srv.wait(10), 0, srv.stderr())
        # The keep-alive connection's loss is the keep-alive race the brief tolerates; the fresh one is a failure.
        r = outcome["fresh"]
        self.assertIsInstance(r, harness.Response,
                              "request written on a fresh connection before SIGTERM got no response: %r" % (r,))
        self.assertEqual((r.status, r.body), (200, HELLO_BODY), r)
        self.assertTrue(r.connection_close(), r)

    def test_drain_delay_health_is_503(self):
        srv = self.start(env={"SHUTDOWN_GRACE_PERIOD": "10s", "SHUTDOWN_DRAIN_DELAY": "1s"}, check_exit=False)
        keep = srv.connect()
        slow = srv.connect()
        try:
            keep.send(request_bytes("GET", "/.well-known/health"))
            before = keep.read_response()
            self.assertEqual(before.status, 200, before)
            slow.send(request_bytes("GET", "/slow?ms=1500"))
            time.sleep(0.1)
            t_sig = time.monotonic()
            srv.send_signal(signal.SIGTERM)
            time.sleep(0.15)
            # A new connection during the delay: the listener is still open and readiness fails.
            r = srv.get("/.well-known/health")
            self.assertEqual(r.status, 503, r)
            self.assertEqual(r.json()["data"]["status"], "DOWN", r)
            # The already-open keep-alive connection sees the same.
            keep.send(request_bytes("GET", "/.well-known/health"))
            r = keep.read_response()
            self.assertEqual(r.status, 503, r)
            self.assertEqual(r.json()["data"]["status"], "DOWN", r)
            # Ordinary requests are still served during the delay.
            self.assert_serving(srv)
            self.assertLess(time.monotonic() - t_sig, 0.9, "probes took too long to be meaningful")
            # After the delay the listener closes.
            deadline = time.monotonic() + 3
            refused = False
            while time.monotonic() < deadline:
                try:
                    socket.create_connection((HOST, srv.port), timeout=1).close()
                except ConnectionRefusedError:
                    refused = True
                    break
                time.sleep(0.05)
            self.assertTrue(refused, "listener still open 3s after the signal")
            self.assertGreaterEqual(time.monotonic() - t_sig, 0.95, "listener closed before the drain delay")
            # The in-flight request outlives the delay and completes, told to close.
            r = slow.read_response(timeout=5)
            self.assertEqual((r.status, r.body), (200, SLOW_BODY), r)
            self.assertTrue(r.connection_close(), r)
        finally:
            keep.close()
            slow.close()
        self.assertEqual(srv.wait(10), 0, srv.stderr())

    def test_drain_delay_with_load_has_no_failures(self):
        srv = self.start(env={"SHUTDOWN_GRACE_PERIOD": "10s", "SHUTDOWN_DRAIN_DELAY": "1s", "WORKER_THREADS": "2"},
                         check_exit=False)
        result = LoadResult()
        sigterm_sent = threading.Event()
        stop = threading.Event()
        workers = [threading.Thread(target=client_loop, args=(srv.port, result, sigterm_sent, stop, i), daemon=True)
                   for i in range(8)]
        for w in workers:
            w.start()
        time.sleep(0.5)
        t_sig = time.monotonic()
        sigterm_sent.set()
        srv.send_signal(signal.SIGTERM)
        code = srv.wait(15)
        for w in workers:
            w.join(5)
        stop.set()
        self.assertEqual(code, 0, srv.stderr())
        self.assertEqual(result.failures, [])
        self.assertLessEqual(len(result.races), 2, result.races)
        self.assertTrue(all(r[1] == 200 for r in result.records))
        self.assertTrue([r for r in result.records if r[4] > t_sig + 0.5], "no requests served during the delay")


class SignalDuringStartTests(ServerTestCase):

    def test_sigterm_during_start_up_shuts_down_cleanly(self):
        # Kubernetes may delete a pod that is still starting: the signal is held until the app can drain, never the
        # default action that kills it mid-start.
        srv = harness.Server(env={"START_HOOK_SLEEP_MS": "1000"}, wait=False)
        self.addCleanup(srv.cleanup)
        self.assertTrue(srv.wait_stdout("start hook: sleeping", timeout=10),
                        "the start hook never ran:\n" + srv.stderr())
        srv.send_signal(signal.SIGTERM)
        self.assertEqual(srv.wait(15), 0, srv.stdout() + srv.stderr())
        self.assertIn("Application shutdown complete", srv.stdout())


class StartupFailureTests(ServerTestCase):

    def run_failing(self, env, timeout=5.0):
        try:
            return run_to_exit(env=env, timeout=timeout)
        except subprocess.TimeoutExpired:
            self.fail("server with %r did not exit (it should refuse to start)" % (env,))

    def test_port_taken_by_plain_socket(self):
        blocker = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.addCleanup(blocker.close)
        blocker.bind(("0.0.0.0", 0))
        blocker.listen(1)
        port = blocker.getsockname()[1]
        code, out, err = self.run_failing({"HTTP_PORT": str(port)})
        self.assertEqual(code, 1, out + err)
        self.assertIn("blocked", out + err)
        self.assertIn(str(port), out + err)

    def test_port_taken_by_another_server(self):
        first = self.start()
        code, out, err = self.run_failing({"HTTP_PORT": str(first.port)})
        self.assertEqual(code, 1, out + err)
        self.assertIn("blocked", out + err)
        # The first server keeps all of its traffic.
        for _ in range(10):
            self.assert_serving(first)

    def test_bad_config_values(self):
        cases = [
            ("HTTP_PORT", "abc"),
            ("HTTP_PORT", "70000"),
            ("LOG_LEVEL", "LOUD"),
            ("SHUTDOWN_GRACE_PERIOD", "soon"),
            ("SHUTDOWN_DRAIN_DELAY", "-1s"),
            ("REQUEST_TIMEOUT", "fast"),
            ("HTTP_MAX_BODY_BYTES", "-5"),
            ("HTTP_MAX_HEADER_BYTES", "10"),
            ("HTTP_READ_HEADER_TIMEOUT", "1parsec"),
            ("HTTP_READ_HEADER_TIMEOUT", "0"),
            ("HTTP_IDLE_TIMEOUT", "0s"),
            ("HTTP_READ_BODY_TIMEOUT", "0"),
            ("WORKER_THREADS", "many"),
            ("LOG_DISABLE_PROBES", "perhaps"),
        ]
        for var, value in cases:
            with self.subTest(var=var, value=value):
                code, out, err = self.run_failing({var: value})
                self.assertEqual(code, 1, out + err)
                self.assertIn(var, out + err)
                self.assertIn(value, out + err)
                fatal = [rec for rec in harness.json_lines(err) if rec.get("level") == "FATAL"]
                self.assertTrue(fatal, "no FATAL log line on stderr:\n" + out + err)


if __name__ == "__main__":
    harness.main()
