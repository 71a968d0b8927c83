"""Shared helpers for the black-box integration tests (Python 3 standard library only).

A `Server` starts one of the built binaries on a free loopback port in an empty temporary working directory (so no
configs/ folder is found unless a test creates one), captures its stdout/stderr to files, waits until
`GET /.well-known/alive` answers 200, and on `stop()` sends SIGTERM and returns the exit code.

`Server.raw()` / `RawConnection` send exact bytes over a plain socket and parse HTTP/1.1 responses
(Content-Length, chunked, HEAD, 1xx/204/304, read-until-close), including several pipelined responses.
"""

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest

BUILD = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "build"))
TEST_SERVER = os.environ.get("GOFR_TEST_SERVER") or os.path.join(BUILD, "tests", "integration_server")
HELLO = os.environ.get("GOFR_HELLO") or os.path.join(BUILD, "examples", "hello", "hello")
ECHO = os.environ.get("GOFR_ECHO") or os.path.join(BUILD, "examples", "echo", "echo")

HOST = "127.0.0.1"
HELLO_BODY = b'{"data":"Hello World!"}\n'
START_TIMEOUT = 10.0


class HostStalls:
    """Records when the host did not run threads on time, on every CPU, while the `with` block runs.

    One thread per CPU, pinned there, sleeps a millisecond at a time; each wake-up later than `threshold` seconds is
    kept as a stall, the interval (monotonic seconds) in which that thread should have run and did not. A bound a few
    milliseconds wide on a server's latency means nothing for the requests the host did not run for longer than that
    (a busy virtual machine, the other processes of a test): a test can excuse exactly those, and hold every other
    request to the bound, without widening it.
    """

    def __init__(self, threshold):
        self.threshold = threshold
        self._stop = threading.Event()
        cpus = sorted(os.sched_getaffinity(0))
        self._stalls = [[] for _ in cpus]  # one list per watcher, each appended to by its own thread only
        self._threads = [threading.Thread(target=self._watch, args=(i, cpu), daemon=True) for i, cpu in enumerate(cpus)]

    def overlapping(self, start, end):
        """The stalls that overlap [start, end] (monotonic seconds), as (start, end) pairs."""
        return [(a, b) for stalls in self._stalls for a, b in stalls if a < end and b > start]

    def _watch(self, slot, cpu):
        os.sched_setaffinity(0, {cpu})  # on Linux, the calling thread only
        while not self._stop.is_set():
            start = time.monotonic()
            time.sleep(0.001)
            woke = time.monotonic()
            if woke - start - 0.001 > self.threshold:
                self._stalls[slot].append((start + 0.001, woke))

    def __enter__(self):
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for t in self._threads:
            t.join()
        return False


def json_lines(text):
    """The lines of `text` that are JSON documents, parsed (log output mixes them with nothing else, but be safe)."""
    out = []
    for line in text.splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            pass
    return out


# Set by scripts/run-tests.sh for the ASan and TSan runs. The servers then run several times slower, so the tests
# check their timing upper bounds (which are about latency, not correctness) only on the release build.
SANITIZED = os.environ.get("GOFR_SANITIZED") == "1"


def wait_for_port(port, timeout=5.0):
    """Waits until something accepts connections on 127.0.0.1:port."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def free_port():
    """A TCP port that was free a moment ago (the kernel's choice for an ephemeral bind)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class ProtocolError(Exception):
    pass


class Response:
    """One parsed HTTP response. `headers` maps lower-case names to lists of values."""

    def __init__(self, version, status, reason, headers, body, raw):
        self.version = version
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
        self.raw = raw

    def header(self, name, default=None):
        values = self.headers.get(name.lower())
        return values[0] if values else default

    def has_header(self, name):
        return name.lower() in self.headers

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def connection_close(self):
        return any(v.strip().lower() == "close" for v in self.headers.get("connection", []))

    def __repr__(self):
        return "Response(%s %d %r, headers=%r, body=%r)" % (self.version, self.status, self.reason, self.headers,
                                                             self.body[:500])


class RawConnection:
    """A plain TCP connection to the server with a receive buffer and an HTTP/1.1 response parser."""

    def __init__(self, port, host=HOST, timeout=5.0):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""
        self.eof = False
        self.timeout = timeout

    # -- I/O -----------------------------------------------------------------------------------------------------
    def send(self, data):
        self.sock.sendall(data)

    def _fill(self, deadline):
        """Reads more bytes into the buffer; returns False on EOF (or reset)."""
        if self.eof:
            return False
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise socket.timeout("timed out waiting for the server (buffer: %r)" % self.buf[:300])
        self.sock.settimeout(remaining)
        try:
            chunk = self.sock.recv(65536)
        except ConnectionResetError:
            chunk = b""
        if not chunk:
            self.eof = True
            return False
        self.buf += chunk
        return True

    def _read_line(self, deadline):
        while True:
            i = self.buf.find(b"\r\n")
            if i >= 0:
                line, self.buf = self.buf[:i], self.buf[i + 2:]
                return line
            if not self._fill(deadline):
                raise ProtocolError("connection closed inside a line (buffer: %r)" % self.buf[:300])

    def _read_exact(self, n, deadline):
        while len(self.buf) < n:
            if not self._fill(deadline):
                raise ProtocolError("connection closed after %d of %d body bytes" % (len(self.buf), n))
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def read_response(self, head=False, timeout=None):
        """Parses the next response. `head`: the request was HEAD (no body follows whatever the headers say).
        Raises ProtocolError if the connection closes before a complete response."""
        deadline = time.monotonic() + (timeout if timeout is not None else self.timeout)
        consumed = []
        while not self.buf and not self.eof:
            self._fill(deadline)
        if not self.buf and self.eof:
            raise ProtocolError("connection closed before any response byte")
        status_line = self._read_line(deadline)
        consumed.append(status_line + b"\r\n")
        parts = status_line.decode("latin-1").split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
            raise ProtocolError("bad status line %r" % status_line)
        version, status = parts[0], int(parts[1])
        reason = parts[2] if len(parts) > 2 else ""
        headers = {}
        while True:
            line = self._read_line(deadline)
            consumed.append(line + b"\r\n")
            if not line:
                break
            name, sep, value = line.decode("latin-1").partition(":")
            if not sep:
                raise ProtocolError("bad header line %r" % line)
            headers.setdefault(name.strip().lower(), []).append(value.strip())
        body = b""
        te = ",".join(headers.get("transfer-encoding", [])).lower()
        if head or 100 <= status < 200 or status in (204, 304):
            pass
        elif "chunked" in te:
            chunks = []
            while True:
                size_line = self._read_line(deadline)
                consumed.append(size_line + b"\r\n")
                size = int(size_line.split(b";")[0].strip(), 16)
                if size == 0:
                    while True:  # trailers
                        t = self._read_line(deadline)
                        consumed.append(t + b"\r\n")
                        if not t:
                            break
                    break
                data = self._read_exact(size + 2, deadline)
                consumed.append(data)
                chunks.append(data[:-2])
            body = b"".join(chunks)
        elif "content-length" in headers:
            n = int(headers["content-length"][0])
            body = self._read_exact(n, deadline)
            consumed.append(body)
        else:
            while self._fill(deadline):
                pass
            body, self.buf = self.buf, b""
            consumed.append(body)
        return Response(version, status, reason, headers, body, b"".join(consumed))

    def read_responses(self, count=None, head=False, read_until_close=False, timeout=None):
        """Parses `count` responses (or all of them until EOF with read_until_close)."""
        out = []
        heads = head if isinstance(head, (list, tuple)) else None
        while True:
            if count is not None and len(out) >= count and not read_until_close:
                break
            if read_until_close and not self.buf:
                deadline = time.monotonic() + (timeout if timeout is not None else self.timeout)
                if not self._fill(deadline) and not self.buf:
                    break
            h = heads[len(out)] if heads is not None and len(out) < len(heads) else (head if heads is None else False)
            out.append(self.read_response(head=h, timeout=timeout))
        return out

    def wait_closed(self, timeout=3.0):
        """True when the server closes the connection (EOF or reset) within `timeout` without sending more bytes;
        raises ProtocolError if bytes arrive instead."""
        deadline = time.monotonic() + timeout
        while True:
            if self.buf:
                raise ProtocolError("expected the connection to close but received %r" % self.buf[:300])
            try:
                if not self._fill(deadline):
                    return True
            except socket.timeout:
                return False

    def is_open(self, wait=0.2):
        """True when nothing (no EOF, no bytes) arrives within `wait` seconds."""
        return not self.wait_closed(wait)

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class RawResult(list):
    """The responses of one raw exchange; `closed` tells whether the server closed the connection."""
    closed = False
    extra = b""


def request_bytes(method, path, headers=None, body=b"", version="HTTP/1.1", host="localhost"):
    """Builds a well-formed request (Host and Content-Length added when appropriate)."""
    lines = ["%s %s %s" % (method, path, version)]
    headers = list((headers or {}).items()) if isinstance(headers, dict) else list(headers or [])
    names = {k.lower() for k, _ in headers}
    if host is not None and "host" not in names:
        lines.append("Host: %s" % host)
    for k, v in headers:
        lines.append("%s: %s" % (k, v))
    if body and "content-length" not in names and "transfer-encoding" not in names:
        lines.append("Content-Length: %d" % len(body))
    if isinstance(body, str):
        body = body.encode()
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


class Server:
    """One server process on a free loopback port."""

    def __init__(self, binary=None, env=None, cwd=None, port=None, wait=True):
        self.binary = binary or TEST_SERVER
        self.port = port or free_port()
        self.own_dir = tempfile.mkdtemp(prefix="gofr-it-")
        self.cwd = cwd or self.own_dir
        self.stdout_path = os.path.join(self.own_dir, "stdout.log")
        self.stderr_path = os.path.join(self.own_dir, "stderr.log")
        full_env = {k: v for k, v in os.environ.items() if not k.startswith(("HTTP_", "APP_", "LOG_", "REQUEST_",
                                                                              "SHUTDOWN_", "WORKER_", "DB_", "REDIS_", "GRPC_"))}
        full_env.update({"HTTP_PORT": str(self.port), "METRICS_PORT": "0"})
        full_env.update({k: str(v) for k, v in (env or {}).items()})
        self.env = full_env
        self.returncode = None
        self._out = open(self.stdout_path, "wb")
        self._err = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen([self.binary], cwd=self.cwd, env=full_env, stdout=self._out, stderr=self._err,
                                     stdin=subprocess.DEVNULL)
        if wait:
            self.wait_ready()

    # -- lifecycle -----------------------------------------------------------------------------------------------
    def wait_ready(self, timeout=START_TIMEOUT):
        deadline = time.monotonic() + timeout
        last_error = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("%s exited with %s before serving\nstdout:\n%s\nstderr:\n%s" % (
                    self.binary, self.proc.returncode, self.stdout(), self.stderr()))
            try:
                with RawConnection(self.port, timeout=1.0) as c:
                    c.send(request_bytes("GET", "/.well-known/alive"))
                    r = c.read_response()
                    if r.status == 200:
                        return
                    last_error = "status %d" % r.status
            except (OSError, ProtocolError) as e:
                last_error = repr(e)
            time.sleep(0.02)
        self.kill()
        raise RuntimeError("%s did not answer /.well-known/alive within %.0fs (%s)\nstderr:\n%s" % (
            self.binary, timeout, last_error, self.stderr()))

    def send_signal(self, sig):
        self.proc.send_signal(sig)

    def wait(self, timeout=15.0):
        try:
            self.returncode = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None
        return self.returncode

    def stop(self, sig=signal.SIGTERM, timeout=15.0):
        """Signals the process and returns its exit code (kills it and returns None if it does not exit)."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            code = self.wait(timeout)
            if code is None:
                self.kill()
                return None
        self.returncode = self.proc.returncode
        self._close_files()
        return self.returncode

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._close_files()

    def _close_files(self):
        for f in (self._out, self._err):
            try:
                f.close()
            except OSError:
                pass

    def cleanup(self):
        self.kill()
        shutil.rmtree(self.own_dir, ignore_errors=True)

    # -- output --------------------------------------------------------------------------------------------------
    def stdout(self):
        with open(self.stdout_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def stderr(self):
        with open(self.stderr_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def output(self):
        return self.stdout() + self.stderr()

    def log_records(self, stream="stdout"):
        text = self.stdout() if stream == "stdout" else self.stderr() if stream == "stderr" else self.output()
        return json_lines(text)

    def request_logs(self, stream="both"):
        """The per-request log records (message is an object with a "response" field)."""
        streams = ["stdout", "stderr"] if stream == "both" else [stream]
        out = []
        for s in streams:
            for rec in self.log_records(s):
                msg = rec.get("message")
                if isinstance(msg, dict) and "response" in msg and "uri" in msg:
                    rec = dict(rec)
                    rec["_stream"] = s
                    out.append(rec)
        return out

    def wait_stdout(self, text, timeout=3.0):
        """Whether `text` appears on stdout within `timeout`: the logger writes asynchronously, a batch at a time,
        so a line may land a moment after the request that followed it was answered."""
        deadline = time.monotonic() + timeout
        while text not in self.stdout():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    def wait_log(self, predicate, stream="both", timeout=3.0):
        """The first request-log record matching `predicate` (the logger writes asynchronously)."""
        deadline = time.monotonic() + timeout
        while True:
            for rec in self.request_logs(stream):
                if predicate(rec):
                    return rec
            if time.monotonic() > deadline:
                return None
            time.sleep(0.02)

    # -- requests ------------------------------------------------------------------------------------------------
    def connect(self, timeout=5.0):
        return RawConnection(self.port, timeout=timeout)

    def raw(self, data, read_until_close=False, count=1, head=False, timeout=5.0):
        """Sends exact bytes on a new connection and parses `count` responses (or, with read_until_close, every
        response until the server closes). Returns a RawResult (a list) with `.closed` set."""
        with self.connect(timeout) as c:
            c.send(data)
            result = RawResult(c.read_responses(count=count, head=head, read_until_close=read_until_close,
                                                timeout=timeout))
            if read_until_close:
                result.closed = True
            else:
                result.closed = c.eof
            result.extra = c.buf
            return result

    def raw1(self, data, **kw):
        """Like raw() for exactly one response."""
        return self.raw(data, **kw)[0]

    def get(self, path, headers=None, **kw):
        return self.raw1(request_bytes("GET", path, headers), **kw)

    def request(self, method, path, body=None, headers=None, timeout=10.0):
        """One request with http.client on a new connection; returns a Response."""
        conn = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            body = r.read()
            headers = {}
            for k, v in r.getheaders():
                headers.setdefault(k.lower(), []).append(v)
            return Response("HTTP/%d.%d" % divmod(r.version, 10), r.status, r.reason, headers, body, b"")
        finally:
            conn.close()


def run_to_exit(binary=None, env=None, cwd=None, timeout=10.0):
    """Runs a binary that is expected to exit by itself (e.g. start-up failure); returns (code, stdout, stderr)."""
    tmp = tempfile.mkdtemp(prefix="gofr-it-")
    try:
        full_env = {k: v for k, v in os.environ.items() if not k.startswith(("HTTP_", "APP_", "LOG_", "REQUEST_",
                                                                              "SHUTDOWN_", "WORKER_", "DB_", "REDIS_", "GRPC_"))}
        full_env.update({"HTTP_PORT": str(free_port()), "METRICS_PORT": "0"})
        full_env.update({k: str(v) for k, v in (env or {}).items()})
        p = subprocess.run([binary or TEST_SERVER], cwd=cwd or tmp, env=full_env, capture_output=True,
                           timeout=timeout, stdin=subprocess.DEVNULL)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def load_during(send, disrupt, clients=4):
    """Runs `send()` (returning a status) in a loop from `clients` threads while `disrupt()` runs; returns every
    (status or exception text, seconds taken) once all have stopped."""
    import threading
    results, stop = [], threading.Event()

    def load():
        while not stop.is_set():
            started = time.monotonic()
            try:
                status = send()
            except Exception as e:  # noqa: BLE001 - a hung or reset request is the failure being measured
                status = repr(e)
            results.append((status, time.monotonic() - started))

    threads = [threading.Thread(target=load) for _ in range(clients)]
    for t in threads:
        t.start()
    try:
        disrupt()
    finally:
        stop.set()
        for t in threads:
            t.join()
    return results


class ServerTestCase(unittest.TestCase):
    """Helpers: start servers that are stopped (exit code 0 asserted) at the end of the test."""

    def start(self, binary=None, env=None, cwd=None, check_exit=True, **kw):
        srv = Server(binary=binary, env=env, cwd=cwd, **kw)
        self.addCleanup(srv.cleanup)
        if check_exit:
            self.addCleanup(self._stop_and_check, srv)
        return srv

    def _stop_and_check(self, srv):
        if srv.proc.poll() is not None and srv.returncode is not None:
            return
        code = srv.stop()
        self.assertEqual(code, 0, "server exit code after SIGTERM (stderr:\n%s)" % srv.stderr()[-3000:])

    def assert_answered_within(self, results, timeout):
        """Every request of load_during() got an answer, none later than `timeout` seconds (plus scheduling slack,
        more under the sanitizers)."""
        slow = [r for r in results if r[1] > timeout + (3.0 if SANITIZED else 1.0)]
        self.assertFalse(slow, "requests outlived REQUEST_TIMEOUT: %r" % slow[:5])
        unanswered = [r for r in results if not isinstance(r[0], int)]
        self.assertFalse(unanswered, unanswered[:5])

    def assert_serving(self, srv):
        """The server still answers GET /hello with the exact GoFr envelope on a new connection."""
        r = srv.get("/hello")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body, HELLO_BODY)

    def assert_error_body(self, r, status, message_part=None):
        self.assertEqual(r.status, status, r)
        doc = r.json()
        self.assertIsInstance(doc.get("error"), dict, r)
        self.assertIsInstance(doc["error"].get("message"), str, r)
        self.assertTrue(doc["error"]["message"], r)
        if message_part is not None:
            self.assertIn(message_part.lower(), doc["error"]["message"].lower(), r)
        return doc


class SharedServerTestCase(ServerTestCase):
    """One server for the whole class (env in `server_env`); exit code 0 is asserted in tearDownClass."""

    server_env = {}
    server_binary = None

    @classmethod
    def setUpClass(cls):
        cls.srv = Server(binary=cls.server_binary, env=cls.server_env)

    @classmethod
    def tearDownClass(cls):
        try:
            code = cls.srv.stop()
            if code != 0:
                raise AssertionError("shared server exited with %r after SIGTERM; stderr:\n%s" % (
                    code, cls.srv.stderr()[-3000:]))
        finally:
            cls.srv.cleanup()


def main():
    unittest.main(verbosity=2)
