"""GoFr's HTTP rules: status codes, the response envelope, errors, binding, health, CORS and the request log."""

import json
import re
import time

import harness
from harness import HELLO_BODY, SharedServerTestCase, request_bytes

HEX32 = re.compile(r"^[0-9a-f]{32}$")
HEX16 = re.compile(r"^[0-9a-f]{16}$")


def json_req(method, path, doc, headers=None):
    h = {"Content-Type": "application/json"}
    h.update(headers or {})
    return request_bytes(method, path, h, json.dumps(doc).encode())


class EnvelopeAndStatusTests(SharedServerTestCase):

    def test_hello_envelope(self):
        r = self.srv.get("/hello")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body, HELLO_BODY)
        self.assertEqual(r.header("content-type"), "application/json")
        self.assertEqual(r.header("content-length"), str(len(HELLO_BODY)))
        self.assertRegex(r.header("x-correlation-id", ""), HEX32)
        self.assertEqual(r.header("access-control-allow-origin"), "*")

    def test_correlation_ids_differ(self):
        a = self.srv.get("/hello").header("x-correlation-id")
        b = self.srv.get("/hello").header("x-correlation-id")
        self.assertNotEqual(a, b)

    def test_cors_origin_on_every_response_including_errors(self):
        cases = [
            request_bytes("GET", "/hello"),
            request_bytes("GET", "/no/such/route"),
            request_bytes("GET", "/errors/panic"),
            request_bytes("GET", "/errors/not-found"),
            request_bytes("GET", "/errors/custom"),
            request_bytes("PUT", "/hello"),
            request_bytes("GET", "/admin/stats"),
            request_bytes("OPTIONS", "/hello"),
            request_bytes("POST", "/items", {"Content-Type": "text/plain"}, b"x"),
            request_bytes("DELETE", "/items/1"),
            request_bytes("GET", "/.well-known/health"),
        ]
        for data in cases:
            with self.subTest(request=data.split(b"\r\n")[0]):
                r = self.srv.raw1(data)
                self.assertEqual(r.header("access-control-allow-origin"), "*", r)

    def test_post_with_data_is_201(self):
        r = self.srv.raw1(json_req("POST", "/items", {"id": 1, "name": "a", "price": 2.5, "tags": ["x", "y"]}))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.header("content-type"), "application/json")
        self.assertEqual(r.json(), {"data": {"id": 1, "name": "a", "price": 2.5, "tags": ["x", "y"]}})
        self.assertTrue(r.body.endswith(b"}\n"), r)

    def test_post_without_data_is_202(self):
        r = self.srv.raw1(request_bytes("POST", "/empty"))
        self.assertEqual(r.status, 202, r)
        self.assertEqual(r.body, b"{}\n")

    def test_delete_is_204_without_body(self):
        # Pipelined with a GET: the 204 must carry no body (and no Content-Length) so the next response follows.
        data = request_bytes("DELETE", "/items/1") + request_bytes("GET", "/hello")
        r1, r2 = self.srv.raw(data, count=2)
        self.assertEqual(r1.status, 204, r1)
        self.assertEqual(r1.body, b"")
        self.assertFalse(r1.has_header("content-length"), r1)
        self.assertFalse(r1.has_header("transfer-encoding"), r1)
        self.assertEqual(r2.status, 200, r2)
        self.assertEqual(r2.body, HELLO_BODY)

    def test_put_and_patch_are_200(self):
        for method in ("PUT", "PATCH"):
            with self.subTest(method=method):
                r = self.srv.raw1(json_req(method, "/items/9", {"id": 9, "name": "n"}))
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.json()["data"]["name"], "n")
                self.assertEqual(r.json()["data"]["id"], 9)

    def test_constraint_mismatch_is_404(self):
        r = self.srv.get("/numbers/abc")
        self.assertEqual(r.status, 404, r)
        self.assertEqual(r.body, b'{"error":{"message":"route not registered"}}\n')
        self.assertEqual(r.header("content-type"), "application/json")
        ok = self.srv.get("/numbers/42")
        self.assertEqual(ok.status, 200, ok)
        self.assertEqual(ok.json()["data"], "42")
        ok = self.srv.get("/items/42")
        self.assertEqual(ok.status, 200, ok)
        self.assertEqual(ok.json()["data"]["id"], 42)
        self.assert_serving(self.srv)

    def test_constraint_mismatch_with_other_methods_is_405(self):
        # GET /items/{id:[0-9]+} does not match /items/abc, but PUT/PATCH/DELETE /items/{id} do (as in gorilla/mux).
        r = self.srv.get("/items/abc")
        self.assertEqual(r.status, 405, r)
        allow = [m.strip() for m in r.header("allow").split(",")]
        self.assertEqual(set(allow), {"PUT", "PATCH", "DELETE", "OPTIONS"})
        self.assert_serving(self.srv)

    def test_unknown_path_is_404(self):
        r = self.srv.get("/definitely/not/here")
        self.assertEqual(r.status, 404, r)
        self.assertEqual(r.body, b'{"error":{"message":"route not registered"}}\n')
        self.assert_serving(self.srv)

    def test_wrong_method_is_405_with_allow(self):
        r = self.srv.raw1(request_bytes("PUT", "/hello"))
        self.assertEqual(r.status, 405, r)
        allowed = {m.strip() for m in r.header("allow", "").split(",")}
        self.assertTrue({"GET", "HEAD", "OPTIONS"} <= allowed, r)
        self.assertNotIn("PUT", allowed)
        self.assert_error_body(r, 405)
        self.assert_serving(self.srv)

    def test_options_is_200_with_cors_headers(self):
        for path in ("/hello", "/items/1", "/no/such/route"):
            with self.subTest(path=path):
                r = self.srv.raw1(request_bytes("OPTIONS", path, {
                    "Origin": "http://example.com", "Access-Control-Request-Method": "POST"}))
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.body, b"")
                self.assertIn(r.header("content-length"), (None, "0"), r)
                self.assertEqual(r.header("access-control-allow-origin"), "*", r)
                methods = {m.strip() for m in r.header("access-control-allow-methods", "").split(",")}
                self.assertTrue({"GET", "POST", "PUT", "DELETE", "OPTIONS"} <= methods, r)
                self.assertIn("Content-Type", r.header("access-control-allow-headers", ""), r)

    def test_head_has_length_but_no_body(self):
        data = request_bytes("HEAD", "/hello") + request_bytes("GET", "/hello")
        r1, r2 = self.srv.raw(data, count=2, head=[True, False])
        self.assertEqual(r1.status, 200, r1)
        self.assertEqual(r1.header("content-length"), "24")
        self.assertEqual(r1.body, b"")
        # The next response's status line must follow the HEAD response's blank line immediately.
        self.assertEqual(r2.status, 200, r2)
        self.assertEqual(r2.body, HELLO_BODY)

    def test_path_cleaning(self):
        for path in ("//hello", "/./hello", "/x/../hello", "/hello/", "/hello//", "/../hello"):
            with self.subTest(path=path):
                r = self.srv.get(path)
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.body, HELLO_BODY)

    def test_path_params_are_decoded(self):
        r = self.srv.get("/users/a%20b")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"data": "a b"})
        r = self.srv.get("/users/%C3%A9t%C3%A9")
        self.assertEqual(r.json(), {"data": "\u00e9t\u00e9"})

    def test_query_params(self):
        r = self.srv.get("/params?c=a,b&c=d")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"data": {"first": "a,b", "all": ["a", "b", "d"]}})
        r = self.srv.get("/params?c=x%20y&c=z+w")
        self.assertEqual(r.json()["data"]["first"], "x y")
        self.assertEqual(r.json()["data"]["all"], ["x y", "z w"])

    def test_error_types(self):
        cases = [
            ("/errors/not-found", 404, "No entity found with id: 7"),
            ("/errors/conflict", 409, None),
            ("/errors/invalid", 400, "'2' invalid parameter(s): a, b"),
            ("/errors/missing", 400, "'1' missing parameter(s): a"),
            ("/errors/unavailable", 503, None),
        ]
        for path, status, message in cases:
            with self.subTest(path=path):
                r = self.srv.get(path)
                doc = self.assert_error_body(r, status)
                self.assertEqual(r.header("content-type"), "application/json")
                if message is not None:
                    self.assertEqual(doc, {"error": {"message": message}})
                self.assertEqual(set(doc), {"error"}, "no data member in an error response")

    def test_custom_error_with_extra_fields(self):
        r = self.srv.get("/errors/custom")
        self.assertEqual(r.status, 418, r)
        self.assertEqual(r.json(), {"error": {"message": "short and stout", "code": "TEAPOT"}})

    def test_panic_is_generic_500(self):
        r = self.srv.get("/errors/panic")
        self.assertEqual(r.status, 500, r)
        self.assertEqual(r.body, b'{"error":{"message":"Internal Server Error"}}\n')
        self.assertNotIn(b"hunter2", r.raw)
        self.assertNotIn(b"secret", r.raw)
        self.assert_serving(self.srv)

    def test_partial_content(self):
        r = self.srv.get("/partial")
        self.assertEqual(r.status, 206, r)
        self.assertEqual(r.json(), {"error": {"message": "short and stout", "code": "TEAPOT"}, "data": [1, 2]})

    def test_response_with_metadata_and_headers(self):
        r = self.srv.get("/response")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body, b'{"metadata":{"page":1},"data":[1]}\n')
        self.assertEqual(r.header("x-custom"), "yes")

    def test_raw_json(self):
        r = self.srv.get("/raw-json")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body.strip(), b'{"plain":true}')
        self.assertEqual(r.header("content-type"), "application/json")

    def test_redirects(self):
        r = self.srv.get("/redirect")
        self.assertEqual(r.status, 302, r)
        self.assertEqual(r.header("location"), "/hello")
        r = self.srv.raw1(request_bytes("POST", "/redirect"))
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.header("location"), "/hello")

    def test_file(self):
        r = self.srv.get("/file")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.header("content-type"), "text/csv")
        self.assertEqual(r.body, b"a,b\n1,2\n")

    def test_blocking_offload(self):
        r = self.srv.get("/blocking")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body, b'{"data":42}\n')
        for word in ("a", "a-much-longer-word-that-does-not-fit-in-a-small-string"):
            r = self.srv.get("/blocking/" + word)
            self.assertEqual(r.json()["data"], word + "!", r)

    def test_async_handler(self):
        t0 = time.monotonic()
        r = self.srv.get("/slow?ms=50")
        self.assertGreaterEqual(time.monotonic() - t0, 0.045)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body, b'{"data":"slept"}\n')

    def test_group_middleware(self):
        r = self.srv.get("/admin/stats")
        self.assert_error_body(r, 403, "admin only")
        self.assertFalse(r.has_header("x-admin-seen"), r)
        r = self.srv.get("/admin/stats", {"X-Admin": "yes"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"data": "secret stats"})
        self.assertTrue(r.has_header("x-admin-seen"), r)
        # The group's middleware does not apply outside the group.
        self.assertFalse(self.srv.get("/hello").has_header("x-admin-seen"))

    def test_global_middleware(self):
        for path in ("/hello", "/items/5", "/params?c=1", "/admin/stats?x", "/slow?ms=1"):
            with self.subTest(path=path):
                r = self.srv.get(path, {"X-Admin": "yes"})
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.header("x-middleware"), "global", r)

    def test_alive(self):
        r = self.srv.get("/.well-known/alive")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body, b'{"data":{"status":"UP"}}\n')

    def test_health_degraded_by_non_critical_check(self):
        r = self.srv.get("/.well-known/health")
        self.assertEqual(r.status, 200, r)
        data = r.json()["data"]
        self.assertEqual(data["status"], "DEGRADED", r)
        self.assertEqual(data["flaky"]["status"], "UP", r)
        self.assertEqual(data["optional"]["status"], "DOWN", r)
        self.assertEqual(data["name"], "gofr-app")


class BindingTests(SharedServerTestCase):

    def test_wrong_field_type_names_the_field(self):
        r = self.srv.raw1(json_req("POST", "/items", {"name": 5}))
        self.assert_error_body(r, 400, "'name'")
        self.assert_serving(self.srv)

    def test_invalid_json(self):
        r = self.srv.raw1(request_bytes("POST", "/items", {"Content-Type": "application/json"}, b'{"name":'))
        self.assert_error_body(r, 400, "json")
        r = self.srv.raw1(request_bytes("POST", "/items", {"Content-Type": "application/json"}, b"[1,2]"))
        self.assert_error_body(r, 400)
        self.assert_serving(self.srv)

    def test_unsupported_content_type_is_415(self):
        r = self.srv.raw1(request_bytes("POST", "/items", {"Content-Type": "text/plain"}, b"name=x"))
        self.assert_error_body(r, 415, "text/plain")
        self.assert_serving(self.srv)

    def test_form_urlencoded(self):
        r = self.srv.raw1(request_bytes("POST", "/items", {"Content-Type": "application/x-www-form-urlencoded"},
                                        b"id=3&name=x&price=1.5&tags=a,b"))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json(), {"data": {"id": 3, "name": "x", "price": 1.5, "tags": ["a", "b"]}})

    def test_form_bad_number_names_the_field(self):
        r = self.srv.raw1(request_bytes("POST", "/items", {"Content-Type": "application/x-www-form-urlencoded"},
                                        b"id=three"))
        self.assert_error_body(r, 400, "'id'")
        self.assert_serving(self.srv)

    def test_multipart_upload(self):
        boundary = "----gofrBoundary7MA4YWxk"
        content = b"hello\r\nworld\x00\xff"
        body = (
            "--%s\r\n"
            'Content-Disposition: form-data; name="title"\r\n\r\n'
            "my title\r\n"
            "--%s\r\n"
            'Content-Disposition: form-data; name="file"; filename="notes.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n" % (boundary, boundary)
        ).encode() + content + ("\r\n--%s--\r\n" % boundary).encode()
        r = self.srv.raw1(request_bytes("POST", "/upload",
                                        {"Content-Type": "multipart/form-data; boundary=%s" % boundary}, body))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json(), {"data": {"title": "my title", "filename": "notes.bin", "size": len(content)}})

    def test_raw_body_any_content_type(self):
        for ctype in ("text/plain", "application/octet-stream", "application/json", None):
            with self.subTest(content_type=ctype):
                headers = {"Content-Type": ctype} if ctype else {}
                r = self.srv.raw1(request_bytes("POST", "/raw", headers, b'some "text"\n'))
                self.assertEqual(r.status, 201, r)
                self.assertEqual(r.json(), {"data": 'some "text"\n'})


class HealthCheckFailureTests(SharedServerTestCase):
    server_env = {"HEALTH_EXTRA_CHECKS": "1"}

    def test_throwing_and_slow_checks_are_down_without_waiting_for_each_other(self):
        t0 = time.monotonic()
        r = self.srv.get("/.well-known/health")
        elapsed = time.monotonic() - t0
        self.assertEqual(r.status, 200, r)  # both are non-critical: DEGRADED
        data = r.json()["data"]
        self.assertEqual(data["status"], "DEGRADED")
        self.assertEqual(data["throws"], {"status": "DOWN", "details": {"error": "probe exploded"}})
        self.assertEqual(data["slow"], {"status": "DOWN", "details": {"error": "health check timed out"}})
        self.assertLess(elapsed, 1.0)  # checks run concurrently; the slow one is cut at its 200 ms timeout

    def test_probe_that_hangs_up_does_not_cache_a_half_finished_round(self):
        import socket
        with socket.create_connection((harness.HOST, self.srv.port)) as sock:
            sock.sendall(b"GET /.well-known/health HTTP/1.1\r\nHost: x\r\n\r\n")
            time.sleep(0.05)  # the slow check (200 ms timeout) is still running
        time.sleep(0.05)
        r = self.srv.get("/.well-known/health")
        self.assertEqual(r.json()["data"]["slow"]["status"], "DOWN", r)


class MiddlewareTests(SharedServerTestCase):
    def test_middleware_after_next_sees_error_responses(self):
        r = self.srv.get("/errors/not-found")
        self.assertEqual(r.status, 404, r)
        self.assertEqual(r.header("x-middleware"), "global")

    def test_probes_skip_app_middleware(self):
        for path in ("/.well-known/alive", "/.well-known/health"):
            with self.subTest(path=path):
                r = self.srv.get(path)
                self.assertEqual(r.status, 200, r)
                self.assertFalse(r.has_header("x-middleware"), r)

    def test_group_middleware_short_circuit_does_not_reach_handler(self):
        r = self.srv.get("/admin/stats")
        self.assert_error_body(r, 403, "admin only")
        self.assertFalse(r.has_header("x-admin-seen"))


class HealthDownTests(SharedServerTestCase):
    server_env = {"FLAKY_DOWN": "1"}

    def test_critical_check_down_is_503(self):
        r = self.srv.get("/.well-known/health")
        self.assertEqual(r.status, 503, r)
        data = r.json()["data"]
        self.assertEqual(data["status"], "DOWN", r)
        self.assertEqual(data["flaky"]["status"], "DOWN", r)

    def test_alive_still_up(self):
        r = self.srv.get("/.well-known/alive")
        self.assertEqual(r.status, 200, r)


class RequestTimeoutTests(SharedServerTestCase):
    server_env = {"REQUEST_TIMEOUT": "1"}

    def test_slow_handler_gets_408(self):
        t0 = time.monotonic()
        r = self.srv.get("/slow?ms=3000", timeout=5)
        elapsed = time.monotonic() - t0
        self.assertEqual(r.status, 408, r)
        self.assertEqual(r.body, b'{"error":{"message":"request timed out"}}\n')
        self.assertGreaterEqual(elapsed, 0.9)
        self.assertLess(elapsed, 1.5)
        self.assert_serving(self.srv)
        # The cancelled handler is not reported as a failure of its own.
        time.sleep(0.1)
        self.assertNotIn("Operation canceled", self.srv.stderr())

    def test_fast_handler_unaffected(self):
        r = self.srv.get("/slow?ms=20")
        self.assertEqual(r.status, 200, r)

    def test_failing_handler_answers_at_once_not_at_the_timeout(self):
        for path, status in (("/errors/not-found", 404), ("/errors/panic", 500), ("/admin/stats", 403)):
            with self.subTest(path=path):
                t0 = time.monotonic()
                r = self.srv.get(path)
                self.assertEqual(r.status, status, r)
                self.assertLess(time.monotonic() - t0, 0.5)
        t0 = time.monotonic()
        r = self.srv.request("POST", "/items", body=b'{"name":5}', headers={"Content-Type": "application/json"})
        self.assertEqual(r.status, 400, r)
        self.assertLess(time.monotonic() - t0, 0.5)


class RequestLogTests(SharedServerTestCase):

    def test_request_log_line(self):
        r = self.srv.get("/hello?who=me", {"User-Agent": "gofr-it/1.0"})
        cid = r.header("x-correlation-id")
        rec = self.srv.wait_log(lambda rec: rec["message"].get("trace_id") == cid)
        self.assertIsNotNone(rec, "no request log line with trace_id %s in:\n%s" % (cid, self.srv.output()))
        self.assertEqual(rec["_stream"], "stdout")
        self.assertEqual(rec["level"], "INFO")
        msg = rec["message"]
        for field in ("trace_id", "span_id", "start_time", "response_time", "method", "user_agent", "ip", "uri",
                      "response"):
            self.assertIn(field, msg)
        self.assertRegex(msg["span_id"], HEX16)
        self.assertEqual(msg["method"], "GET")
        self.assertEqual(msg["uri"], "/hello?who=me")
        self.assertEqual(msg["user_agent"], "gofr-it/1.0")
        self.assertEqual(msg["response"], 200)
        self.assertIsInstance(msg["response_time"], int)
        self.assertRegex(msg["ip"], r"^127\.0\.0\.1:\d+$")
        self.assertRegex(msg["start_time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")
        # Exactly one line per request.
        lines = [x for x in self.srv.request_logs() if x["message"].get("trace_id") == cid]
        self.assertEqual(len(lines), 1, lines)

    def test_500_is_logged_as_error_on_stderr(self):
        r = self.srv.get("/errors/panic")
        cid = r.header("x-correlation-id")
        rec = self.srv.wait_log(lambda rec: rec["message"].get("trace_id") == cid)
        self.assertIsNotNone(rec, self.srv.output())
        self.assertEqual(rec["_stream"], "stderr")
        self.assertEqual(rec["level"], "ERROR")
        self.assertEqual(rec["message"]["response"], 500)
        self.assertFalse([x for x in self.srv.request_logs("stdout") if x["message"].get("trace_id") == cid])

    def test_4xx_is_logged_as_info(self):
        r = self.srv.get("/errors/not-found")
        cid = r.header("x-correlation-id")
        rec = self.srv.wait_log(lambda rec: rec["message"].get("trace_id") == cid)
        self.assertIsNotNone(rec, self.srv.output())
        self.assertEqual((rec["_stream"], rec["level"], rec["message"]["response"]), ("stdout", "INFO", 404))

    def test_traceparent_is_adopted(self):
        r = self.srv.get("/hello", {"traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.header("x-correlation-id"), "4bf92f3577b34da6a3ce929d0e0e4736")
        rec = self.srv.wait_log(lambda rec: rec["message"].get("trace_id") == "4bf92f3577b34da6a3ce929d0e0e4736")
        self.assertIsNotNone(rec, self.srv.output())
        self.assertNotEqual(rec["message"]["span_id"], "00f067aa0ba902b7")

    def test_invalid_traceparent_starts_new_trace(self):
        for tp in ("00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                   "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", "garbage"):
            with self.subTest(traceparent=tp):
                r = self.srv.get("/hello", {"traceparent": tp})
                self.assertEqual(r.status, 200, r)
                cid = r.header("x-correlation-id")
                self.assertRegex(cid, HEX32)
                self.assertNotIn(cid, tp.lower())

    def test_probes_are_logged_by_default(self):
        r = self.srv.get("/.well-known/alive", {"User-Agent": "probe-default"})
        self.assertEqual(r.status, 200)
        rec = self.srv.wait_log(lambda rec: rec["message"].get("user_agent") == "probe-default")
        self.assertIsNotNone(rec, self.srv.output())


class ProbeLogDisabledTests(SharedServerTestCase):
    server_env = {"LOG_DISABLE_PROBES": "true"}

    def test_no_log_line_for_probes(self):
        self.assertEqual(self.srv.get("/.well-known/alive", {"User-Agent": "probe-x"}).status, 200)
        self.assertEqual(self.srv.get("/.well-known/health", {"User-Agent": "probe-x"}).status, 200)
        r = self.srv.get("/hello", {"User-Agent": "after-probe"})
        cid = r.header("x-correlation-id")
        # Lines are written in order, so once /hello's line is there the probes' lines would be too.
        self.assertIsNotNone(self.srv.wait_log(lambda rec: rec["message"].get("trace_id") == cid),
                             self.srv.output())
        time.sleep(0.1)
        probes = [x for x in self.srv.request_logs() if x["message"]["uri"].startswith("/.well-known/")]
        self.assertEqual(probes, [])


if __name__ == "__main__":
    harness.main()
