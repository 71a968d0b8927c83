"""SQL on SQLite through the real binaries: the sample service's CRUD resource, parameters that are never SQL,
transactions, migrations (once per database, even with two processes starting together; a failure stops start-up),
the "sql" health entry going DOWN (503) and back UP, GoFr's DEBUG log line and the app_sql_* metrics."""

import json
import os
import shutil
import sqlite3
import tempfile
import time
import urllib.parse
import urllib.request

import harness
from harness import HELLO, ServerTestCase, run_to_exit

JSON = {"Content-Type": "application/json"}


class SqlTestCase(ServerTestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="gofr-it-sql-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.db_name = os.path.join(self.dir, "app")

    def db_env(self, **extra):
        env = {"DB_DIALECT": "sqlite", "DB_NAME": self.db_name}
        env.update(extra)
        return env

    def item_count(self):
        return self.rows("SELECT count(*) FROM items")[0][0]

    def expected_host(self):
        return self.db_name + ".db"

    def rows(self, statement):
        with sqlite3.connect(self.db_name + ".db") as db:
            return db.execute(statement).fetchall()


class CrudTests(SqlTestCase):
    def setUp(self):
        super().setUp()
        self.srv = self.start(binary=HELLO, env=self.db_env())

    def send(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        return self.srv.request(method, path, body=data, headers=JSON if data else None)

    def test_create_read_update_delete(self):
        r = self.send("POST", "/items", {"name": "tea", "price": 2.5})
        self.assertEqual(r.status, 201, r)
        created = r.json()["data"]
        self.assertEqual(created["name"], "tea")
        item = "/items/%d" % created["id"]
        self.assertEqual(self.send("GET", item).json()["data"], created)
        r = self.send("PUT", item, {"name": "green tea", "price": 3})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(self.send("GET", "/items").json()["data"],
                         [{"id": created["id"], "name": "green tea", "price": 3.0}])
        self.assertEqual(self.send("DELETE", item).status, 204)
        self.assertEqual(self.send("GET", item).status, 404)
        self.assertEqual(self.send("DELETE", item).status, 404)
        self.assertEqual(self.send("GET", "/items").json()["data"], [])

    def test_bad_input_gets_a_clear_4xx_and_the_service_keeps_serving(self):
        r = self.send("POST", "/items", {"price": 1})
        self.assertEqual(r.status, 400)
        self.assertIn("name", r.json()["error"]["message"])
        r = self.send("GET", "/items/" + urllib.parse.quote("1 OR 1=1"))
        self.assertEqual(r.status, 400)
        self.assertIn("id", r.json()["error"]["message"])
        r = self.send("PUT", "/items/77", {"name": "ghost", "price": 1})
        self.assertEqual(r.status, 404)
        self.assertIn("77", r.json()["error"]["message"])
        self.assert_serving(self.srv)

    def test_injection_through_parameters_is_stored_as_data(self):
        for name in ["x'); DROP TABLE items; --", "' OR '1'='1", "\"; DELETE FROM items; --", "Robert'); --"]:
            r = self.send("POST", "/items", {"name": name, "price": 1})
            self.assertEqual(r.status, 201, r)
            self.assertEqual(r.json()["data"]["name"], name)
        names = [i["name"] for i in self.send("GET", "/items").json()["data"]]
        self.assertEqual(len(names), 4)
        self.assertIn("x'); DROP TABLE items; --", names)
        self.assertEqual(self.item_count(), 4)

    def test_health_reports_the_database(self):
        r = self.srv.get("/.well-known/health")
        self.assertEqual(r.status, 200)
        sql = r.json()["data"]["sql"]
        self.assertEqual(sql["status"], "UP")
        self.assertEqual(sql["details"]["host"], self.expected_host())
        for key in ("maxOpenConnections", "openConnections", "inUse", "idle", "waitCount", "waitDuration"):
            self.assertIn(key, sql["details"]["stats"])


class ObservabilityTests(SqlTestCase):
    def test_debug_line_and_metrics_per_statement(self):
        metrics_port = harness.free_port()
        srv = self.start(binary=HELLO, env=self.db_env(LOG_LEVEL="DEBUG", METRICS_PORT=str(metrics_port)))
        r = srv.request("GET", "/items/7")
        self.assertEqual(r.status, 404)
        trace_id = r.headers["x-correlation-id"][0]
        deadline = time.monotonic() + 3
        while True:
            lines = [rec for rec in srv.log_records() if isinstance(rec.get("message"), dict)
                     and rec["message"].get("query", "").startswith("SELECT id, name, price FROM items WHERE")]
            if lines or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        self.assertEqual(len(lines), 1, srv.stdout()[-2000:])
        rec = lines[0]
        self.assertEqual(rec["level"], "DEBUG")
        self.assertEqual(rec["trace_id"], trace_id)
        self.assertEqual(rec["message"]["type"], "SELECT")
        self.assertEqual(rec["message"]["args"], [7])
        self.assertIsInstance(rec["message"]["duration"], (int, float))
        text = urllib.request.urlopen("http://127.0.0.1:%d/metrics" % metrics_port, timeout=5).read().decode()
        self.assertRegex(text, r'app_sql_stats_count\{[^}]*database="app"[^}]*hostname="localhost"[^}]*type="SELECT"\} [1-9]')
        self.assertIn("# HELP app_sql_stats Response time of SQL queries in milliseconds.", text)
        self.assertRegex(text, r"app_sql_open_connections\{[^}]*\} [1-9]")
        self.assertRegex(text, r"app_sql_inUse_connections\{[^}]*\} 0")


class TransactionTests(SqlTestCase):
    def test_commit_and_rollback_on_a_thrown_error(self):
        srv = self.start(env=self.db_env(MIGRATIONS="1"))
        self.assertEqual(srv.request("POST", "/sql/tx?name=kept").status, 201)
        r = srv.request("POST", "/sql/tx?name=lost&fail=1")
        self.assertEqual(r.status, 500)
        self.assertEqual(srv.get("/sql/tx-items").json()["data"], ["kept"])  # in name order
        # The connection that held the abandoned transaction is clean for the next request.
        for i in range(5):
            self.assertEqual(srv.request("POST", "/sql/tx?name=n%d" % i).status, 201)
        self.assertEqual(len(srv.get("/sql/tx-items").json()["data"]), 6)


class MigrationTests(SqlTestCase):
    def test_two_processes_starting_together_run_each_migration_once(self):
        env = self.db_env(MIGRATIONS="1", MIGRATION_SLEEP_MS="700")
        first = harness.Server(env=env, wait=False)
        second = harness.Server(env=env, wait=False)
        for srv in (first, second):
            self.addCleanup(srv.cleanup)
            self.addCleanup(self._stop_and_check, srv)
        first.wait_ready(timeout=20)
        second.wait_ready(timeout=20)
        self.assertEqual(len(self.rows("SELECT pid FROM migration_runs")), 1)
        self.assertEqual(self.rows("SELECT version, method FROM gofr_migrations ORDER BY version"),
                         [(1, "UP"), (2, "UP"), (3, "UP")])
        self.assertEqual(self.rows("SELECT count(*) FROM gofr_migration_locks"), [(0,)])
        # A restart finds nothing pending and takes no lock.
        third = self.start(env=env)
        self.assertEqual(len(self.rows("SELECT pid FROM migration_runs")), 1)
        deadline = time.monotonic() + 5  # the logger writes asynchronously
        while "no pending migrations" not in third.stdout():
            self.assertLess(time.monotonic(), deadline, third.stdout())
            time.sleep(0.02)

    def test_a_failing_migration_stops_start_up_and_names_itself(self):
        code, out, err = run_to_exit(env=self.db_env(MIGRATIONS="1", MIGRATION_FAIL="1"), timeout=20)
        self.assertEqual(code, 1, out + err)
        self.assertIn("migration 3 failed", out + err)
        self.assertIn("no such table: no_such_table", out + err)
        self.assertEqual(self.rows("SELECT max(version) FROM gofr_migrations"), [(2,)])

    def test_migrations_without_a_database_stop_start_up(self):
        code, out, err = run_to_exit(env={"MIGRATIONS": "1"}, timeout=20)
        self.assertEqual(code, 1, out + err)
        self.assertIn("DB_DIALECT", out + err)


class HealthTests(SqlTestCase):
    def test_an_unreachable_database_is_down_503_and_up_again_once_it_is_back(self):
        missing = os.path.join(self.dir, "not-yet")
        self.db_name = os.path.join(missing, "app")
        srv = self.start(env=self.db_env(HEALTH_CACHE_TTL="0s"))
        r = srv.get("/.well-known/health")
        self.assertEqual(r.status, 503, r)
        sql = r.json()["data"]["sql"]
        self.assertEqual(sql["status"], "DOWN")
        self.assertIn("cannot open", sql["details"]["error"])
        self.assert_serving(srv)  # the app itself keeps serving
        r = srv.get("/sql/tx-items")
        self.assertEqual(r.status, 500)
        os.mkdir(missing)
        deadline = time.monotonic() + 5
        while srv.get("/.well-known/health").status != 200:
            self.assertLess(time.monotonic(), deadline, "health never came back UP")
            time.sleep(0.05)
        self.assertEqual(srv.get("/.well-known/health").json()["data"]["sql"]["status"], "UP")

    def test_bad_settings_fail_start_up_naming_the_variable(self):
        code, out, err = run_to_exit(env={"DB_DIALECT": "oracle"})
        self.assertEqual(code, 1)
        self.assertIn("DB_DIALECT", out + err)
        code, out, err = run_to_exit(env={"DB_DIALECT": "sqlite"})
        self.assertEqual(code, 1)
        self.assertIn("DB_NAME", out + err)


if __name__ == "__main__":
    import unittest
    unittest.main(verbosity=2)
