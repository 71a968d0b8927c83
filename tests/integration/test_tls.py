"""HTTPS when CERT_FILE and KEY_FILE are set: a real TLS client (Python's ssl, i.e. OpenSSL) against the server."""
import http.client
import os
import shutil
import ssl
import subprocess
import tempfile
import time
import unittest

from harness import HOST, ServerTestCase, run_to_exit


def make_certificate(directory):
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key, "-out", cert],
                   check=True, capture_output=True)
    return cert, key


@unittest.skipIf(shutil.which("openssl") is None, "openssl CLI not installed")
class TlsTests(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="gofr-tls-")
        cls.cert, cls.key = make_certificate(cls.dir)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def context(self):
        ctx = ssl.create_default_context(cafile=self.cert)
        ctx.check_hostname = True
        return ctx

    def wait_tls_ready(self, srv, timeout=10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPSConnection(HOST, srv.port, context=self.context(), timeout=2)
                conn.request("GET", "/.well-known/alive")
                status = conn.getresponse().status
                conn.close()
                if status == 200:
                    return
            except OSError:
                time.sleep(0.05)
        self.fail("TLS server did not become ready:\n" + srv.stderr())

    def test_serves_https_with_keep_alive(self):
        srv = self.start(env={"CERT_FILE": self.cert, "KEY_FILE": self.key}, wait=False)
        self.wait_tls_ready(srv)
        conn = http.client.HTTPSConnection(HOST, srv.port, context=self.context(), timeout=5)
        for _ in range(3):  # one TLS session, several requests
            conn.request("GET", "/hello")
            r = conn.getresponse()
            self.assertEqual(r.status, 200)
            self.assertEqual(r.read(), b'{"data":"Hello World!"}\n')
        conn.request("POST", "/echo", body=b"secret", headers={"Content-Type": "text/plain"})
        r = conn.getresponse()
        self.assertEqual((r.status, r.read()), (200, b"secret"))
        conn.close()

    def test_plain_http_on_the_tls_port_does_not_break_the_server(self):
        srv = self.start(env={"CERT_FILE": self.cert, "KEY_FILE": self.key}, wait=False)
        self.wait_tls_ready(srv)
        conn = http.client.HTTPConnection(HOST, srv.port, timeout=3)
        with self.assertRaises(Exception):
            conn.request("GET", "/hello")
            conn.getresponse()
        conn = http.client.HTTPSConnection(HOST, srv.port, context=self.context(), timeout=5)
        conn.request("GET", "/hello")
        self.assertEqual(conn.getresponse().status, 200)

    def test_missing_key_file_fails_startup(self):
        code, _, out = run_to_exit(env={"CERT_FILE": self.cert, "KEY_FILE": "/nonexistent/key.pem"})
        self.assertEqual(code, 1, out)
        self.assertIn("KEY_FILE", out)

    def test_cert_without_key_fails_startup(self):
        code, _, out = run_to_exit(env={"CERT_FILE": self.cert})
        self.assertEqual(code, 1, out)
        self.assertIn("CERT_FILE and KEY_FILE", out)


if __name__ == "__main__":
    unittest.main()
