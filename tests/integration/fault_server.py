"""A scripted HTTP/1.1 server for the service-client tests (resilience.md §11's fault server).

Each path names a behaviour; every attempt is logged with its method, path, headers and a monotonic timestamp, so
tests count attempts and check headers and timing as the downstream saw them.

  /ok                     200 {"ok":true}
  /always-503             503
  /status-<code>          that status
  /retry-after-<s>        503 with Retry-After: <s> on the first attempt of each X-Request-Attempt series, then 200
  /busy-<s>               503 with Retry-After: <s>, every time
  /fail-<n>-then-ok       503 for the first <n> attempts to this path, then 200
  /slow-<ms>              200 after <ms> milliseconds
  /needs-key              200 with X-Api-Key: secret, else 401
  /token?ttl=<s>          OAuth token endpoint for client "app", secret "s3cret": {"access_token":"tok-<n>",
                          "token_type":"bearer","expires_in":<s>}; 401 for other credentials
  /needs-token            200 with the latest issued token as Bearer, else 401
  /reset                  closes the connection without answering

FaultServer(status=503) answers every path with that status instead: a replica that is down.

Like a gofr-cpp server, it echoes in X-Upstream-Attempts how many times it received the same attempt (the same
traceparent parent id with X-Request-Attempt), so a client can tell that a proxy in between retried.
"""
import http.server
import re
import socket
import sys
import threading
import time


class FaultServer:
    def __init__(self, status=None):
        self.status = status
        self.lock = threading.Lock()
        self.attempts = []  # dicts: method, path, headers (lower-cased names), t (time.monotonic at receipt)
        self.counts = {}
        self.arrivals = {}  # traceparent parent id -> times received
        self.tokens_issued = 0
        self.token = None
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # head and body go in two writes: Nagle would hold the body for an ACK

            def log_message(self, *args):
                pass

            def handle_any(self):
                received = time.monotonic()
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                self.last_body = body
                path = self.path.split("?")[0]
                with server.lock:
                    server.attempts.append({"method": self.command, "path": path, "t": received, "body": body,
                                            "headers": {k.lower(): v for k, v in self.headers.items()}})
                    server.counts[path] = server.counts.get(path, 0) + 1
                    count = server.counts[path]
                    echo = None
                    parent = (self.headers.get("traceparent") or "").split("-")
                    if self.headers.get("X-Request-Attempt") and len(parent) == 4:
                        server.arrivals[parent[2]] = server.arrivals.get(parent[2], 0) + 1
                        echo = server.arrivals[parent[2]]
                self.echo = echo
                try:
                    server.respond(self, path, count)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the client gave up first (its deadline): nothing to answer

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = handle_any

        class Server(http.server.ThreadingHTTPServer):
            request_queue_size = 1024  # the default 5 would refuse connections under the tests' concurrency

            def handle_error(self, request, client_address):
                # A peer (a proxy, a client past its deadline) resetting a kept-alive connection is not news.
                if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
                    super().handle_error(request, client_address)

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = "http://127.0.0.1:%d" % self.port
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def respond(self, handler, path, count):
        def send(status, body=b"", headers=()):
            handler.send_response(status)
            if handler.echo:
                handler.send_header("X-Upstream-Attempts", str(handler.echo))
            for k, v in headers:
                handler.send_header(k, v)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)

        if self.status is not None:
            return send(self.status, b"scripted")
        if path in ("/ok", "/.well-known/alive"):
            return send(200, b'{"ok":true}', [("Content-Type", "application/json")])
        if path == "/always-503":
            return send(503, b"unavailable")
        m = re.fullmatch(r"/status-(\d+)", path)
        if m:
            return send(int(m.group(1)), b"scripted")
        m = re.fullmatch(r"/retry-after-(\d+)", path)
        if m:
            if count == 1:
                return send(503, b"later", [("Retry-After", m.group(1))])
            return send(200, b"now")
        m = re.fullmatch(r"/busy-(\d+)", path)
        if m:
            return send(503, b"busy", [("Retry-After", m.group(1))])
        m = re.fullmatch(r"/fail-(\d+)-then-ok", path)
        if m:
            return send(503 if count <= int(m.group(1)) else 200, b"x")
        m = re.fullmatch(r"/slow-(\d+)", path)
        if m:
            time.sleep(int(m.group(1)) / 1000)
            return send(200, b"slow")
        if path == "/token":
            import base64
            import urllib.parse
            expected = "Basic " + base64.b64encode(b"app:s3cret").decode()
            form = urllib.parse.parse_qs(handler.last_body.decode())
            if handler.headers.get("Authorization") != expected or form.get("grant_type") != ["client_credentials"]:
                return send(401, b'{"error":"invalid_client"}')
            ttl = urllib.parse.parse_qs(urllib.parse.urlparse(handler.path).query).get("ttl", ["3600"])[0]
            with self.lock:
                self.tokens_issued += 1
                self.token = "tok-%d" % self.tokens_issued
                body = '{"access_token":"%s","token_type":"bearer","expires_in":%s}' % (self.token, ttl)
            return send(200, body.encode(), [("Content-Type", "application/json")])
        if path == "/needs-token":
            with self.lock:
                ok = self.token is not None and handler.headers.get("Authorization") == "Bearer " + self.token
            return send(200 if ok else 401, b"")
        if path == "/needs-key":
            ok = handler.headers.get("X-Api-Key") == "secret"
            return send(200 if ok else 401, b"")
        if path == "/reset":
            handler.close_connection = True
            handler.connection.shutdown(socket.SHUT_RDWR)
            return None
        return send(404, b"no such script")

    def seen(self, path):
        with self.lock:
            return [a for a in self.attempts if a["path"] == path]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def closed_port():
    """A loopback port where nothing listens."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port
