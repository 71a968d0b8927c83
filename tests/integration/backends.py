"""The database servers the tests run against: the PostgreSQL that scripts/test-backends.sh starts (shared, one
fresh database per test), or a private cluster for tests that stop and restart the server (scripts/pg-cluster.sh).

Without the shared server the tests that need it are skipped, unless GOFR_REQUIRE_BACKENDS=1 (set by `make test`),
which makes them fail instead."""

import os
import shutil
import socket
import subprocess
import tempfile
import unittest
import uuid

import harness

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
PG_CLUSTER = os.path.join(ROOT, "scripts", "pg-cluster.sh")
PG_PORT = int(os.environ.get("GOFR_TEST_PG_PORT", "5433"))
PG_USER = "postgres"
PG_PASSWORD = os.environ.get("GOFR_TEST_PG_PASSWORD", "gofr-test")
REDIS_PORT = int(os.environ.get("GOFR_TEST_REDIS_PORT", "6380"))


def _reachable(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def psql(port, database, statement):
    """Runs one statement with psql; returns its unaligned, tuples-only output."""
    env = dict(os.environ, PGPASSWORD=PG_PASSWORD)
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", PG_USER, "-d", database, "-X", "-q",
                          "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", statement],
                         env=env, capture_output=True, text=True, timeout=30)
    if out.returncode != 0:
        raise RuntimeError("psql %r: %s" % (statement, out.stderr))
    return out.stdout.strip()


class SharedPostgres:
    """A fresh database on the shared server, dropped at the end of the test."""

    def __init__(self, test):
        if not _reachable(PG_PORT):
            message = "PostgreSQL is not running on 127.0.0.1:%d (scripts/test-backends.sh start)" % PG_PORT
            if os.environ.get("GOFR_REQUIRE_BACKENDS") == "1":
                test.fail(message)
            raise unittest.SkipTest(message)
        self.port = PG_PORT
        self.database = "gofr_test_" + uuid.uuid4().hex[:12]
        psql(self.port, "postgres", "CREATE DATABASE " + self.database)
        test.addCleanup(psql, self.port, "postgres", "DROP DATABASE IF EXISTS %s WITH (FORCE)" % self.database)

    def env(self, **extra):
        env = {"DB_DIALECT": "postgres", "DB_HOST": "localhost", "DB_PORT": str(self.port), "DB_USER": PG_USER,
               "DB_PASSWORD": PG_PASSWORD, "DB_NAME": self.database}
        env.update({k: str(v) for k, v in extra.items()})
        return env

    def query(self, statement):
        return psql(self.port, self.database, statement)


class PrivatePostgres(SharedPostgres):
    """A cluster of the test's own, which it may stop, start and restart."""

    def __init__(self, test):
        if shutil.which("psql") is None:
            raise unittest.SkipTest("psql not installed")
        self.parent = tempfile.mkdtemp(prefix="gofr-it-pg-")
        self.dir = os.path.join(self.parent, "data")
        self.port = harness.free_port()
        test.addCleanup(shutil.rmtree, self.parent, True)
        self.start()
        test.addCleanup(self.stop)
        self.database = "app"
        psql(self.port, "postgres", "CREATE DATABASE app")

    def _run(self, *args):
        subprocess.run([PG_CLUSTER, *args], check=True, timeout=60)

    def start(self):
        self._run("start", self.dir, str(self.port))

    def stop(self):
        if os.path.exists(os.path.join(self.dir, "postmaster.pid")):
            self._run("stop", self.dir)

    def restart(self):
        self._run("restart", self.dir)


def _require(test, port, what):
    if _reachable(port):
        return
    message = "%s is not running on 127.0.0.1:%d (scripts/test-backends.sh start)" % (what, port)
    if os.environ.get("GOFR_REQUIRE_BACKENDS") == "1":
        test.fail(message)
    raise unittest.SkipTest(message)


class SharedRedis:
    """The shared server; each test uses keys of its own (prefix)."""

    def __init__(self, test):
        _require(test, REDIS_PORT, "Redis")
        self.port = REDIS_PORT
        self.prefix = "gofr-it-" + uuid.uuid4().hex[:8] + "-"

    def env(self, **extra):
        env = {"REDIS_HOST": "localhost", "REDIS_PORT": str(self.port)}
        env.update({k: str(v) for k, v in extra.items()})
        return env


def make_ca_and_certificates(directory):
    """A CA, and a server and a client certificate it signed (server name localhost): {name: path}."""
    paths = {name: os.path.join(directory, name) for name in
             ("ca.crt", "ca.key", "server.crt", "server.key", "client.crt", "client.key", "other-ca.crt",
              "other-ca.key")}

    def run(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True, timeout=60)

    for ca in ("ca", "other-ca"):
        run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=gofr test " + ca,
            "-keyout", paths[ca + ".key"], "-out", paths[ca + ".crt"])
    for leaf in ("server", "client"):
        csr = os.path.join(directory, leaf + ".csr")
        ext = os.path.join(directory, leaf + ".ext")
        with open(ext, "w") as f:
            f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
        run("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", paths[leaf + ".key"],
            "-out", csr)
        run("x509", "-req", "-in", csr, "-CA", paths["ca.crt"], "-CAkey", paths["ca.key"], "-CAcreateserial",
            "-days", "1", "-extfile", ext, "-out", paths[leaf + ".crt"])
    return paths


class PrivateRedis(SharedRedis):
    """A server of the test's own, which it may stop and start again on the same port. With `tls`, it speaks only
    TLS, with a certificate from make_ca_and_certificates, and requires clients to present one too."""

    def __init__(self, test, tls=False):
        if shutil.which("redis-server") is None:
            raise unittest.SkipTest("redis-server not installed")
        self.dir = tempfile.mkdtemp(prefix="gofr-it-redis-")
        test.addCleanup(shutil.rmtree, self.dir, True)
        self.port = harness.free_port()
        self.prefix = ""
        self.proc = None
        self.certs = make_ca_and_certificates(self.dir) if tls else None
        self.start()
        test.addCleanup(self.stop)

    def start(self):
        ports = ["--port", str(self.port)]
        if self.certs:
            ports = ["--port", "0", "--tls-port", str(self.port), "--tls-cert-file", self.certs["server.crt"],
                     "--tls-key-file", self.certs["server.key"], "--tls-ca-cert-file", self.certs["ca.crt"],
                     "--tls-auth-clients", "yes"]
        self.proc = subprocess.Popen(["redis-server", *ports, "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no", "--dir", self.dir],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        harness.wait_for_port(self.port, timeout=10)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
