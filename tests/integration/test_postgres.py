"""PostgreSQL through the real binaries and a real server: the sample service's CRUD resource and injection attempts
(the SQLite tests, run again on PostgreSQL), migrations racing in two processes, the server restarted mid-test (the
app reconnects, no request outlives its deadline), health DOWN (503) and back UP, and a statement cancelled at the
request's deadline."""

import os
import threading
import time

import harness
import test_sql
from backends import PrivatePostgres, SharedPostgres, psql
from harness import HELLO, ServerTestCase, run_to_exit


class PostgresCrudTests(test_sql.CrudTests):
    """Every CRUD and injection test of test_sql, on PostgreSQL: only the environment differs."""

    def setUp(self):
        self.pg = SharedPostgres(self)
        super().setUp()

    def db_env(self, **extra):
        return self.pg.env(**extra)

    def item_count(self):
        return int(self.pg.query("SELECT count(*) FROM items"))

    def expected_host(self):
        return "localhost:%d/%s" % (self.pg.port, self.pg.database)


class PostgresMigrationTests(ServerTestCase):
    def setUp(self):
        self.pg = SharedPostgres(self)

    def test_two_processes_starting_together_run_each_migration_once(self):
        env = self.pg.env(MIGRATIONS="1", MIGRATION_SLEEP_MS="700")
        servers = [harness.Server(env=env, wait=False) for _ in range(2)]
        for srv in servers:
            self.addCleanup(srv.cleanup)
            self.addCleanup(self._stop_and_check, srv)
        for srv in servers:
            srv.wait_ready(timeout=20)
        self.assertEqual(self.pg.query("SELECT count(*) FROM migration_runs"), "1")
        self.assertEqual(self.pg.query("SELECT string_agg(version || method, ',' ORDER BY version) FROM gofr_migrations"),
                         "1UP,2UP,3UP")
        self.assertEqual(self.pg.query("SELECT count(*) FROM gofr_migration_locks"), "0")
        deadline = time.monotonic() + 5  # the logger writes asynchronously
        while not any("waiting for another instance" in s.stdout() for s in servers):
            self.assertLess(time.monotonic(), deadline, "neither waited for the other's lock")
            time.sleep(0.02)
        waited = [s for s in servers if "waiting for another instance" in s.stdout()]
        self.assertEqual(len(waited), 1, "exactly one of them waited for the other's lock")

    def test_a_failing_migration_is_rolled_back_and_stops_start_up(self):
        code, out, err = run_to_exit(env=self.pg.env(MIGRATIONS="1", MIGRATION_FAIL="1"), timeout=20)
        self.assertEqual(code, 1, out + err)
        self.assertIn("migration 3 failed", out + err)
        self.assertIn('relation \\"no_such_table\\" does not exist', out + err)  # as the JSON log line escapes it
        self.assertEqual(self.pg.query("SELECT max(version) FROM gofr_migrations"), "2")


class PostgresDeadlineTests(ServerTestCase):
    def test_a_statement_past_the_request_deadline_is_cancelled_on_the_server(self):
        pg = SharedPostgres(self)
        srv = self.start(env=pg.env(REQUEST_TIMEOUT="0.5s"))
        started = time.monotonic()
        r = srv.get("/sql/sleep?s=30", timeout=10)
        self.assertLess(time.monotonic() - started, 5)
        self.assertIn(r.status, (408, 500, 503), r)
        # The server stopped the statement: no pg_sleep is left running for this database.
        deadline = time.monotonic() + 5
        while pg.query("SELECT count(*) FROM pg_stat_activity WHERE datname = '%s' AND query LIKE '%%pg_sleep%%' "
                       "AND state = 'active' AND pid <> pg_backend_pid()" % pg.database) != "0":
            self.assertLess(time.monotonic(), deadline, "pg_sleep still running on the server")
            time.sleep(0.1)
        self.assertEqual(srv.get("/sql/sleep?s=0").status, 200, "the pool serves the next request")


class PostgresBusyPoolTests(ServerTestCase):
    def test_health_stays_up_while_every_connection_is_busy(self):
        pg = SharedPostgres(self)
        srv = self.start(env=pg.env(DB_MAX_OPEN_CONNECTION="1", HEALTH_CACHE_TTL="0s"))
        slow = threading.Thread(target=lambda: srv.get("/sql/sleep?s=2", timeout=10))
        slow.start()
        time.sleep(0.3)  # the one connection is now held by pg_sleep
        r = srv.get("/.well-known/health")
        slow.join()
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["data"]["sql"]["status"], "UP")
        self.assertTrue(r.json()["data"]["sql"]["details"]["busy"])


class PostgresRestartTests(ServerTestCase):
    def setUp(self):
        self.pg = PrivatePostgres(self)

    def test_health_goes_down_503_and_comes_back_up(self):
        srv = self.start(env=self.pg.env(HEALTH_CACHE_TTL="0s"))
        self.assertEqual(srv.get("/.well-known/health").json()["data"]["sql"]["status"], "UP")
        self.pg.stop()
        r = srv.get("/.well-known/health")
        self.assertEqual(r.status, 503, r)
        self.assertEqual(r.json()["data"]["sql"]["status"], "DOWN")
        self.assertTrue(r.json()["data"]["sql"]["details"]["error"])
        self.assert_serving(srv)
        self.pg.start()
        deadline = time.monotonic() + 10
        while srv.get("/.well-known/health").status != 200:
            self.assertLess(time.monotonic(), deadline, "health never came back UP")
            time.sleep(0.1)

    def test_a_server_down_at_start_up_does_not_stop_the_app(self):
        self.pg.stop()
        srv = self.start(env=self.pg.env(HEALTH_CACHE_TTL="0s"))
        r = srv.get("/.well-known/health")
        self.assertEqual(r.status, 503, r)
        self.assertIn("cannot connect to PostgreSQL", r.json()["data"]["sql"]["details"]["error"])
        self.assert_serving(srv)
        self.pg.start()
        deadline = time.monotonic() + 10
        while srv.get("/.well-known/health").status != 200:
            self.assertLess(time.monotonic(), deadline, "never connected once PostgreSQL was up")
            time.sleep(0.1)

    def test_restart_mid_traffic_no_request_outlives_its_deadline_and_the_app_reconnects(self):
        srv = self.start(env=self.pg.env(MIGRATIONS="1", REQUEST_TIMEOUT="2s"))
        self.assertEqual(srv.request("POST", "/sql/tx?name=before").status, 201)

        def restart():
            time.sleep(0.5)
            self.pg.restart()
            time.sleep(1.0)

        results = harness.load_during(lambda: srv.get("/sql/tx-items", timeout=10).status, restart)
        self.assert_answered_within(results, 2.0)
        # After the restart every request succeeds again: stale connections were dropped, new ones opened.
        deadline = time.monotonic() + 10
        while srv.get("/sql/tx-items").status != 200:
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.05)
        for _ in range(20):
            r = srv.get("/sql/tx-items")
            self.assertEqual(r.status, 200, r)
            self.assertEqual(r.json()["data"], ["before"])


if __name__ == "__main__":
    import unittest
    unittest.main(verbosity=2)
