"""HTTP/1.1 on the wire: keep-alive, pipelining, framing, limits, timeouts and bad input (raw sockets).

Every rejection must come with a JSON body {"error":{"message":...}} naming the problem and `Connection: close`,
and the server must keep serving afterwards.
"""

import select
import socket
import struct
import time

import harness
from harness import ECHO, HELLO_BODY, SharedServerTestCase, ServerTestCase, request_bytes

HELLO_REQ = b"GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n"


class WireTestMixin:
    def assert_rejected(self, srv, data, status, message_part=None, statuses=None):
        """Sends `data` on a new connection: one error response with a JSON message and Connection: close,
        then the server closes the connection; afterwards the server still serves."""
        with srv.connect() as c:
            c.send(data)
            r = c.read_response()
            if statuses:
                self.assertIn(r.status, statuses, r)
            else:
                self.assertEqual(r.status, status, r)
            self.assert_error_body(r, r.status, message_part)
            self.assertEqual(r.header("content-type"), "application/json", r)
            self.assertTrue(r.connection_close(), "rejection without Connection: close: %r" % r)
            self.assertTrue(c.wait_closed(3), "connection stayed open after %r" % r)
        self.assert_serving(srv)
        return r


class ConnectionTests(SharedServerTestCase, WireTestMixin):

    def test_keep_alive(self):
        with self.srv.connect() as c:
            c.send(HELLO_REQ)
            r1 = c.read_response()
            self.assertEqual((r1.status, r1.body), (200, HELLO_BODY))
            self.assertFalse(r1.connection_close(), r1)
            self.assertTrue(c.is_open(0.1))
            c.send(request_bytes("GET", "/users/bob"))
            r2 = c.read_response()
            self.assertEqual(r2.json(), {"data": "bob"})
            self.assertTrue(c.is_open(0.1))

    def test_pipelining(self):
        data = (request_bytes("GET", "/users/one") + request_bytes("GET", "/slow?ms=30") +
                request_bytes("GET", "/users/three"))
        with self.srv.connect() as c:
            c.send(data)
            rs = c.read_responses(count=3)
            self.assertEqual([r.status for r in rs], [200, 200, 200], rs)
            self.assertEqual([r.json()["data"] for r in rs], ["one", "slept", "three"])
            self.assertEqual(c.buf, b"")
            self.assertTrue(c.is_open(0.1))

    def test_pipelined_post_bodies(self):
        data = (request_bytes("POST", "/echo", {"Content-Type": "text/plain"}, b"first") +
                request_bytes("POST", "/echo", {"Content-Type": "text/plain"}, b"second body") +
                request_bytes("GET", "/hello"))
        rs = self.srv.raw(data, count=3)
        self.assertEqual([r.body for r in rs], [b"first", b"second body", HELLO_BODY])

    def test_http10_without_host_closes(self):
        with self.srv.connect() as c:
            c.send(b"GET /hello HTTP/1.0\r\n\r\n")
            r = c.read_response()
            self.assertEqual((r.status, r.body), (200, HELLO_BODY), r)
            self.assertTrue(c.wait_closed(2), "HTTP/1.0 connection without keep-alive stayed open")

    def test_http10_keep_alive(self):
        with self.srv.connect() as c:
            c.send(b"GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            r = c.read_response()
            self.assertEqual((r.status, r.body), (200, HELLO_BODY), r)
            self.assertEqual(r.header("connection", "").lower(), "keep-alive", r)
            self.assertTrue(c.is_open(0.2))
            c.send(b"GET /users/again HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            r = c.read_response()
            self.assertEqual(r.json(), {"data": "again"})

    def test_connection_close_request(self):
        with self.srv.connect() as c:
            c.send(b"GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            r = c.read_response()
            self.assertEqual(r.status, 200)
            self.assertTrue(r.connection_close(), r)
            self.assertTrue(c.wait_closed(2))

    def test_chunked_request_body(self):
        data = (b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
                b"Trailer: X-Checksum\r\n\r\n"
                b"5\r\nhello\r\n"
                b"1;ext=1\r\n \r\n"
                b"A\r\n0123456789\r\n"
                b"0\r\nX-Checksum: abc\r\n\r\n")
        rs = self.srv.raw(data + HELLO_REQ, count=2)
        self.assertEqual(rs[0].status, 200, rs[0])
        self.assertEqual(rs[0].body, b"hello 0123456789")
        self.assertEqual(rs[0].header("content-type"), "text/plain")
        self.assertEqual(rs[1].body, HELLO_BODY)

    def test_streamed_response_is_chunked(self):
        with self.srv.connect() as c:
            c.send(b"GET /stream?parts=3 HTTP/1.1\r\nHost: x\r\n\r\n")
            r = c.read_response()
            self.assertEqual(r.status, 200, r)
            self.assertEqual(r.header("transfer-encoding"), "chunked")
            self.assertFalse(r.has_header("content-length"))
            self.assertEqual(r.body, b"part 0\npart 1\npart 2\n")
            c.send(HELLO_REQ)  # the connection stays usable after the terminating chunk
            self.assertEqual(c.read_response().body, HELLO_BODY)

    def test_streamed_response_to_http10_is_close_delimited(self):
        rs = self.srv.raw(b"GET /stream?parts=2 HTTP/1.0\r\n\r\n", read_until_close=True)
        self.assertEqual(rs[0].status, 200, rs[0])
        self.assertFalse(rs[0].has_header("transfer-encoding"))
        self.assertEqual(rs[0].body, b"part 0\npart 1\n")

    def test_failing_stream_is_truncated_not_completed(self):
        with self.srv.connect() as c:
            c.send(b"GET /stream?parts=2&fail=1 HTTP/1.1\r\nHost: x\r\n\r\n")
            with self.assertRaises(Exception):
                c.read_response(timeout=3)  # no terminating chunk: the client must not see a complete body
        self.assert_serving(self.srv)

    def test_chunked_body_in_pieces(self):
        with self.srv.connect() as c:
            c.send(b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            for piece in (b"3\r\nab", b"c\r\n", b"2\r", b"\nde\r\n0\r\n", b"\r\n"):
                time.sleep(0.02)
                c.send(piece)
            r = c.read_response()
            self.assertEqual((r.status, r.body), (200, b"abcde"), r)

    def test_expect_100_continue(self):
        with self.srv.connect() as c:
            c.send(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n"
                   b"Expect: 100-continue\r\n\r\n")
            interim = c.read_response(timeout=3)
            self.assertEqual(interim.status, 100, interim)
            self.assertEqual(interim.version, "HTTP/1.1")
            c.send(b"hello world")
            r = c.read_response()
            self.assertEqual((r.status, r.body), (200, b"hello world"), r)
            c.send(HELLO_REQ)
            self.assertEqual(c.read_response().body, HELLO_BODY)

    def test_expect_unknown_is_417(self):
        self.assert_rejected(self.srv, b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                                       b"Expect: something-else\r\n\r\nhi", 417, "expectation")

    def test_absolute_form_target(self):
        r = self.srv.raw1(b"GET http://localhost/hello HTTP/1.1\r\nHost: localhost\r\n\r\n")
        self.assertEqual((r.status, r.body), (200, HELLO_BODY), r)
        r = self.srv.raw1(b"GET http://localhost:1234/params?c=q HTTP/1.1\r\nHost: other\r\n\r\n")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["data"]["first"], "q")
        # RFC 9112 §3.2: an HTTP/1.1 request without Host is refused even in absolute form.
        r = self.srv.raw1(b"GET http://localhost/hello HTTP/1.1\r\n\r\n")
        self.assert_error_body(r, 400, "host")

    def test_higher_minor_version_is_served_as_1_1(self):
        r = self.srv.raw1(b"GET /hello HTTP/1.2\r\nHost: x\r\n\r\n")
        self.assertEqual((r.status, r.body), (200, HELLO_BODY), r)
        self.assertEqual(r.version, "HTTP/1.1")

    def test_no_body_for_304_even_from_an_error(self):
        rs = self.srv.raw(b"GET /errors/not-modified HTTP/1.1\r\nHost: x\r\n\r\n" + HELLO_REQ, count=2)
        self.assertEqual(rs[0].status, 304, rs[0])
        self.assertEqual(rs[0].body, b"")
        self.assertFalse(rs[0].has_header("content-length"))
        self.assertEqual(rs[1].body, HELLO_BODY)  # nothing was left on the wire between the two

    def test_out_of_range_status_is_sent_as_500(self):
        r = self.srv.get("/errors/status-1000")
        self.assertEqual(r.status, 500, r)

    def test_crlf_in_a_handler_header_value_cannot_split_the_response(self):
        payload = "/x%0d%0aSet-Cookie:%20sid=evil%0d%0aContent-Length:%200%0d%0a%0d%0aHTTP/1.1%20200%20OK"
        rs = self.srv.raw(b"GET /redirect-to?next=" + payload.encode() + b" HTTP/1.1\r\nHost: x\r\n\r\n" + HELLO_REQ,
                          count=2)
        self.assertEqual(rs[0].status, 302, rs[0])
        self.assertFalse(rs[0].has_header("set-cookie"), rs[0])
        self.assertIn("\r", "\r")  # the value is one header line with spaces where CR/LF were
        self.assertTrue(rs[0].header("location").startswith("/x  Set-Cookie: sid=evil"), rs[0])
        self.assertEqual(rs[1].body, HELLO_BODY)

    def test_chunked_trailers_are_not_merged_into_headers(self):
        data = (b"GET /admin/stats HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                b"0\r\nX-Admin: yes\r\n\r\n")
        r = self.srv.raw1(data)
        self.assertEqual(r.status, 403, r)  # the trailer must not authorise what the header would

    def test_encoded_dot_segments_and_slashes_do_not_reach_parameters(self):
        for path in ("/users/%2e%2e%2fetc%2fpasswd", "/users/%2E%2E", "/users/a%2fb"):
            with self.subTest(path=path):
                r = self.srv.get(path)
                self.assertEqual(r.status, 404, r)
        r = self.srv.get("/users/a%20b")
        self.assertEqual(r.json()["data"], "a b")

    def test_options_asterisk(self):
        r = self.srv.raw1(b"OPTIONS * HTTP/1.1\r\nHost: localhost\r\n\r\n")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body, b"")
        self.assert_serving(self.srv)

    def test_asterisk_with_other_method_is_400(self):
        self.assert_rejected(self.srv, b"GET * HTTP/1.1\r\nHost: x\r\n\r\n", 400, "*")


class BadInputTests(SharedServerTestCase, WireTestMixin):

    def test_malformed_request_line(self):
        self.assert_rejected(self.srv, b"GARBAGE\r\n\r\n", 400)

    def test_bad_header_line(self):
        self.assert_rejected(self.srv, b"GET /hello HTTP/1.1\r\nHost: x\r\nFoo bar\r\n\r\n", 400, "header")

    def test_content_length_and_transfer_encoding(self):
        self.assert_rejected(self.srv, b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                                       b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400)
        self.assert_rejected(self.srv, b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                                       b"Content-Length: 5\r\n\r\n0\r\n\r\n", 400)

    def test_duplicate_content_length(self):
        self.assert_rejected(self.srv, b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                                       b"Content-Length: 5\r\n\r\nhello", 400, "content-length")
        self.assert_rejected(self.srv, b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 5\r\n\r\nhello",
                             400, "content-length")

    def test_non_numeric_content_length(self):
        self.assert_rejected(self.srv, b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\nhello",
                             400, "content-length")
        self.assert_rejected(self.srv, b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\nhello",
                             400, "content-length")

    def test_missing_host(self):
        self.assert_rejected(self.srv, b"GET /hello HTTP/1.1\r\n\r\n", 400, "host")

    def test_two_hosts(self):
        self.assert_rejected(self.srv, b"GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "host")

    def test_transfer_encoding_in_http10_is_refused(self):
        self.assert_rejected(self.srv, b"POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive"
                                       b"\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 400, "HTTP/1.0")

    def test_invalid_utf8_is_replaced_in_the_log(self):
        self.srv.raw1(b"GET /hello HTTP/1.1\r\nHost: x\r\nUser-Agent: bad\xff\xfe\r\n\r\n")
        rec = self.srv.wait_log(lambda r: r["message"].get("user_agent", "").startswith("bad"))
        self.assertEqual(rec["message"]["user_agent"], "bad\ufffd\ufffd")

    def test_unsupported_transfer_coding(self):
        self.assert_rejected(self.srv, b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
                             501, "gzip")

    def test_chunked_twice(self):
        self.assert_rejected(self.srv, b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked"
                                       b"\r\n\r\n0\r\n\r\n", 400, "chunked")

    def test_unknown_method(self):
        self.assert_rejected(self.srv, b"BREW / HTTP/1.1\r\nHost: x\r\n\r\n", 501, "BREW")

    def test_http2_version_in_request_line(self):
        r = self.assert_rejected(self.srv, b"GET /hello HTTP/2.0\r\nHost: x\r\n\r\n", None, "version",
                                 statuses=(400, 505))
        self.assertGreaterEqual(r.status, 400)

    def test_http2_prior_knowledge_preface(self):
        r = self.assert_rejected(self.srv, b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", None, statuses=(400, 501, 505))
        self.assertGreaterEqual(r.status, 400)

    def test_malformed_chunk_size(self):
        self.assert_rejected(self.srv, b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                       b"zz\r\nhello\r\n0\r\n\r\n", 400, "chunk")

    def test_fragment_in_target(self):
        self.assert_rejected(self.srv, b"GET /hello#frag HTTP/1.1\r\nHost: x\r\n\r\n", 400)

    def test_obs_fold_is_rejected_or_unfolded(self):
        # RFC 9112 5.2: reject with 400 or replace the fold with SP; it must never reach a response as a new line.
        data = (b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n X-Injected: yes\r\n"
                b"Content-Length: 2\r\n\r\nhi")
        r = self.srv.raw1(data)
        if r.status == 400:
            self.assert_rejected(self.srv, data, 400)
        else:
            self.assertEqual(r.status, 200, r)
            self.assertFalse(r.has_header("x-injected"), r)
            self.assertRegex(r.header("content-type"), r"^text/plain +X-Injected: yes$")
            self.assertNotIn(b"\r\n X-Injected", r.raw)
        self.assert_serving(self.srv)

    def test_binary_garbage(self):
        self.assert_rejected(self.srv, b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64 + b"\r\n\r\n",
                             400)

    def test_rejection_after_good_request_on_same_connection(self):
        with self.srv.connect() as c:
            c.send(HELLO_REQ + b"GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")
            r1, r2 = c.read_responses(count=2)
            self.assertEqual(r1.status, 200)
            self.assertFalse(r1.connection_close())
            self.assert_error_body(r2, 400, "host")
            self.assertTrue(r2.connection_close())
            self.assertTrue(c.wait_closed(2))
        self.assert_serving(self.srv)

    def test_client_disconnect_mid_request_logs_499(self):
        # A normal close (FIN) right after sending the request: the handler is still sleeping.
        with self.srv.connect() as c:
            c.send(request_bytes("GET", "/slow?ms=500", {"User-Agent": "leaver-fin"}))
        rec = self.srv.wait_log(lambda rec: rec["message"].get("user_agent") == "leaver-fin", timeout=3)
        self.assertIsNotNone(rec, "no request log line for the abandoned request:\n" + self.srv.output())
        self.assertEqual(rec["message"]["response"], 499, rec)
        self.assert_serving(self.srv)

    def test_client_reset_mid_request_logs_499(self):
        # An abortive close (RST) right after sending the request.
        c = self.srv.connect()
        c.send(request_bytes("GET", "/slow?ms=500", {"User-Agent": "leaver-rst"}))
        c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        c.close()
        rec = self.srv.wait_log(lambda rec: rec["message"].get("user_agent") == "leaver-rst", timeout=3)
        self.assertIsNotNone(rec, "no request log line for the abandoned request:\n" + self.srv.output())
        self.assertEqual(rec["message"]["response"], 499, rec)
        self.assert_serving(self.srv)

    def test_rejections_are_logged(self):
        self.assert_rejected(self.srv, b"BREW /brewing HTTP/1.1\r\nHost: x\r\nUser-Agent: teapot-client\r\n\r\n",
                             501)
        rec = self.srv.wait_log(lambda rec: rec["message"].get("uri") == "/brewing")
        self.assertIsNotNone(rec, self.srv.output())
        self.assertEqual(rec["message"]["response"], 501)


class HeaderLimitTests(SharedServerTestCase, WireTestMixin):
    server_env = {"HTTP_MAX_HEADER_BYTES": "4096"}

    def test_header_too_large(self):
        data = b"GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 10240 + b"\r\n\r\n"
        self.assert_rejected(self.srv, data, 431, "header")

    def test_many_headers_too_large(self):
        data = b"GET /hello HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-H%d: %s\r\n" % (i, b"v" * 50)
                                                                  for i in range(200)) + b"\r\n"
        self.assert_rejected(self.srv, data, 431, "header")

    def test_header_under_limit(self):
        r = self.srv.raw1(b"GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 2000 + b"\r\n\r\n")
        self.assertEqual(r.status, 200, r)


class BodyLimitTests(SharedServerTestCase, WireTestMixin):
    server_env = {"HTTP_MAX_BODY_BYTES": "1024"}

    def test_content_length_too_large(self):
        data = b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + b"b" * 5000
        self.assert_rejected(self.srv, data, 413, "body")

    def test_content_length_too_large_before_body_is_sent(self):
        # The limit is known from the header: the server must not wait for the body.
        with self.srv.connect() as c:
            c.send(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n")
            r = c.read_response(timeout=3)
            self.assert_error_body(r, 413, "body")
            self.assertTrue(r.connection_close())
        self.assert_serving(self.srv)

    def test_chunked_body_too_large(self):
        data = (b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
                (b"200\r\n" + b"c" * 512 + b"\r\n") * 3 + b"0\r\n\r\n")
        self.assert_rejected(self.srv, data, 413, "body")

    def test_body_at_limit(self):
        r = self.srv.raw1(request_bytes("POST", "/echo", {"Content-Type": "text/plain"}, b"d" * 1024))
        self.assertEqual((r.status, len(r.body)), (200, 1024), r)

    def test_client_still_sending_a_large_body_receives_the_413(self):
        # The server reads and discards what the client keeps sending before closing: closing with unread data
        # would reset the connection and the client could lose the answer.
        import urllib.error
        import urllib.request
        req = urllib.request.Request("http://127.0.0.1:%d/echo" % self.srv.port, data=b"e" * (2 << 20),
                                     headers={"Content-Type": "text/plain"}, method="POST")
        with self.assertRaises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(req, timeout=5)
        self.assertEqual(caught.exception.code, 413)
        self.assert_serving(self.srv)


class HeaderTimeoutTests(ServerTestCase, WireTestMixin):

    def test_pipelined_request_gets_its_own_header_timeout(self):
        # The second request's head started arriving during the first (slow) one; its clock starts when its turn
        # comes, not with the first request.
        srv = self.start(env={"HTTP_READ_HEADER_TIMEOUT": "1s"})
        with srv.connect() as c:
            c.send(b"GET /slow?ms=1500 HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHo")
            first = c.read_response(timeout=5)
            self.assertEqual(first.status, 200, first)
            time.sleep(0.3)
            c.send(b"st: x\r\n\r\n")
            second = c.read_response(timeout=5)
            self.assertEqual((second.status, second.body), (200, HELLO_BODY), second)

    def test_partial_request_line_gets_408(self):
        srv = self.start(env={"HTTP_READ_HEADER_TIMEOUT": "1s"})
        with srv.connect() as c:
            t0 = time.monotonic()
            c.send(b"GET /hel")
            r = c.read_response(timeout=4)
            elapsed = time.monotonic() - t0
            self.assert_error_body(r, 408, "timeout")
            self.assertTrue(r.connection_close(), r)
            self.assertTrue(c.wait_closed(2))
            self.assertGreaterEqual(elapsed, 0.9)
            self.assertLess(elapsed, 2.0)
        self.assert_serving(srv)

    def test_slow_trickle_of_headers_gets_408(self):
        # Bytes keep arriving, but the whole header must arrive within the header timeout.
        srv = self.start(env={"HTTP_READ_HEADER_TIMEOUT": "1s"})
        with srv.connect() as c:
            t0 = time.monotonic()
            c.send(b"GET /hello HTTP/1.1\r\n")
            for i in range(30):
                time.sleep(0.1)
                if select.select([c.sock], [], [], 0)[0]:
                    break  # the server answered (or closed)
                try:
                    c.send(b"X-T%d: y\r\n" % i)
                except OSError:
                    break
            r = c.read_response(timeout=3)
            self.assert_error_body(r, 408)
            self.assertLess(time.monotonic() - t0, 2.0)
        self.assert_serving(srv)

    def test_partial_body_gets_408(self):
        srv = self.start(env={"HTTP_READ_BODY_TIMEOUT": "1s"})
        with srv.connect() as c:
            t0 = time.monotonic()
            c.send(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
            r = c.read_response(timeout=4)
            elapsed = time.monotonic() - t0
            self.assert_error_body(r, 408, "timeout")
            self.assertTrue(r.connection_close(), r)
            self.assertTrue(c.wait_closed(2))
            self.assertGreaterEqual(elapsed, 0.9)
            self.assertLess(elapsed, 2.0)
        self.assert_serving(srv)

    def test_new_connection_without_bytes_is_closed_silently(self):
        srv = self.start(env={"HTTP_READ_HEADER_TIMEOUT": "1s", "HTTP_IDLE_TIMEOUT": "30s"})
        with srv.connect() as c:
            t0 = time.monotonic()
            self.assertTrue(c.wait_closed(4), "connection without bytes was not closed")
            elapsed = time.monotonic() - t0
            self.assertEqual(c.buf, b"")
            self.assertGreaterEqual(elapsed, 0.9)
            self.assertLess(elapsed, 2.0)
        self.assert_serving(srv)

    def test_idle_keep_alive_connection_is_closed_silently(self):
        srv = self.start(env={"HTTP_IDLE_TIMEOUT": "1s", "HTTP_READ_HEADER_TIMEOUT": "30s"})
        with srv.connect() as c:
            c.send(HELLO_REQ)
            self.assertEqual(c.read_response().status, 200)
            t0 = time.monotonic()
            self.assertTrue(c.wait_closed(4), "idle connection was not closed")
            elapsed = time.monotonic() - t0
            self.assertEqual(c.buf, b"", "a response was sent on an idle connection")
            self.assertGreaterEqual(elapsed, 0.9)
            self.assertLess(elapsed, 2.0)
        self.assert_serving(srv)

    def test_idle_timeout_restarts_after_each_request(self):
        srv = self.start(env={"HTTP_IDLE_TIMEOUT": "1s"})
        with srv.connect() as c:
            for _ in range(3):
                c.send(HELLO_REQ)
                self.assertEqual(c.read_response().status, 200)
                time.sleep(0.6)
            c.send(HELLO_REQ)
            self.assertEqual(c.read_response().status, 200)

    def test_slow_handler_not_cut_by_idle_timeout(self):
        srv = self.start(env={"HTTP_IDLE_TIMEOUT": "1s", "HTTP_READ_HEADER_TIMEOUT": "1s"})
        with srv.connect() as c:
            c.send(request_bytes("GET", "/slow?ms=1500"))
            r = c.read_response(timeout=4)
            self.assertEqual((r.status, r.body), (200, b'{"data":"slept"}\n'), r)


class EchoExampleTests(SharedServerTestCase):
    server_binary = ECHO

    def test_every_method_echoes_body(self):
        body = b"\x00binary\r\n\xffbody {\"json\": 1}"
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"):
            with self.subTest(method=method):
                r = self.srv.raw1(request_bytes(method, "/", {"Content-Type": "application/x-test"}, body))
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.body, body)
                self.assertEqual(r.header("content-type"), "application/x-test")

    def test_head(self):
        data = request_bytes("HEAD", "/", {"Content-Type": "text/plain"}, b"12345") + request_bytes("GET", "/")
        r1, r2 = self.srv.raw(data, count=2, head=[True, False])
        self.assertEqual(r1.status, 200, r1)
        self.assertEqual(r1.header("content-length"), "5")
        self.assertEqual(r2.status, 200, r2)

    def test_empty_body(self):
        r = self.srv.raw1(request_bytes("POST", "/"))
        self.assertEqual((r.status, r.body), (200, b""), r)
        self.assertEqual(r.header("content-type"), "application/octet-stream")

    def test_large_body(self):
        body = bytes(range(256)) * 4096  # 1 MiB
        r = self.srv.raw1(request_bytes("PUT", "/", {"Content-Type": "application/octet-stream"}, body), timeout=10)
        self.assertEqual(r.status, 200)
        self.assertEqual(r.body, body)

    def test_chunked(self):
        r = self.srv.raw1(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                          b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n")
        self.assertEqual((r.status, r.body), (200, b"Wikipedia"), r)


if __name__ == "__main__":
    harness.main()
