"""Configuration files: configs/.env, the .local.env / .<APP_ENV>.env overlay, and the process environment on top."""

import os
import shutil
import tempfile

import harness
from harness import HELLO, ServerTestCase, request_bytes, run_to_exit


class ConfigFileTests(ServerTestCase):

    def make_cwd(self, files):
        cwd = tempfile.mkdtemp(prefix="gofr-it-cfg-")
        self.addCleanup(shutil.rmtree, cwd, True)
        os.mkdir(os.path.join(cwd, "configs"))
        for name, text in files.items():
            with open(os.path.join(cwd, "configs", name), "w") as f:
                f.write(text)
        return cwd

    def health_data(self, srv):
        r = srv.get("/.well-known/health")
        self.assertIn(r.status, (200, 503), r)
        return r.json()["data"]

    def test_env_file_is_loaded_and_process_env_wins(self):
        # HTTP_PORT in the file points elsewhere; the process environment (set by the harness) wins.
        cwd = self.make_cwd({".env": "APP_NAME=from-env-file\nAPP_VERSION=1.2.3\nHTTP_PORT=1\n"})
        srv = self.start(cwd=cwd)
        data = self.health_data(srv)
        self.assertEqual(data["name"], "from-env-file")
        self.assertEqual(data["version"], "1.2.3")
        self.assertTrue(srv.wait_stdout("configs/.env"), srv.stdout())

    def test_local_env_overrides_env(self):
        cwd = self.make_cwd({".env": "APP_NAME=from-env-file\nAPP_VERSION=1.0\n",
                             ".local.env": "APP_NAME=from-local\n"})
        srv = self.start(cwd=cwd)
        data = self.health_data(srv)
        self.assertEqual(data["name"], "from-local")
        self.assertEqual(data["version"], "1.0")

    def test_app_env_selects_overlay(self):
        cwd = self.make_cwd({".env": "APP_NAME=from-env-file\nAPP_VERSION=1.0\n",
                             ".local.env": "APP_NAME=from-local\nAPP_VERSION=local\n",
                             ".staging.env": "APP_NAME=from-staging\n"})
        srv = self.start(cwd=cwd, env={"APP_ENV": "staging"})
        data = self.health_data(srv)
        self.assertEqual(data["name"], "from-staging")
        self.assertEqual(data["version"], "1.0", ".local.env must not be read when APP_ENV selects another overlay")

    def test_app_env_in_file_does_not_select_overlay(self):
        # Like GoFr, APP_ENV is read from the process environment only.
        cwd = self.make_cwd({".env": "APP_ENV=staging\nAPP_NAME=from-env-file\n",
                             ".local.env": "APP_NAME=from-local\n",
                             ".staging.env": "APP_NAME=from-staging\n"})
        srv = self.start(cwd=cwd)
        self.assertEqual(self.health_data(srv)["name"], "from-local")

    def test_process_env_wins_over_files(self):
        cwd = self.make_cwd({".env": "APP_NAME=from-env-file\n", ".local.env": "APP_NAME=from-local\n",
                             ".staging.env": "APP_NAME=from-staging\n"})
        srv = self.start(cwd=cwd, env={"APP_NAME": "from-process", "APP_ENV": "staging"})
        self.assertEqual(self.health_data(srv)["name"], "from-process")

    def test_missing_overlay_is_fine(self):
        cwd = self.make_cwd({".env": "APP_NAME=only-base\n"})
        srv = self.start(cwd=cwd, env={"APP_ENV": "prod"})
        self.assertEqual(self.health_data(srv)["name"], "only-base")

    def test_no_configs_folder_uses_defaults(self):
        srv = self.start()
        self.assertEqual(self.health_data(srv)["name"], "gofr-app")

    def test_file_values_configure_the_server(self):
        cwd = self.make_cwd({".env": "# limits\nHTTP_MAX_BODY_BYTES=16\nexport APP_NAME=\"quoted name\"  # comment\n"})
        srv = self.start(cwd=cwd)
        self.assertEqual(self.health_data(srv)["name"], "quoted name")
        r = srv.raw1(request_bytes("POST", "/echo", {"Content-Type": "text/plain"}, b"x" * 17))
        self.assert_error_body(r, 413)
        self.assert_serving(srv)

    def test_variable_expansion(self):
        cwd = self.make_cwd({".env": "BASE=svc\nAPP_NAME=${BASE}-api\n"})
        srv = self.start(cwd=cwd)
        self.assertEqual(self.health_data(srv)["name"], "svc-api")

    def test_bad_value_in_file_names_the_variable(self):
        cwd = self.make_cwd({".env": "SHUTDOWN_GRACE_PERIOD=soon\n"})
        code, out, err = run_to_exit(cwd=cwd, timeout=5)
        self.assertEqual(code, 1, out + err)
        self.assertIn("SHUTDOWN_GRACE_PERIOD", out + err)

    def test_unparsable_file_fails_startup(self):
        cwd = self.make_cwd({".env": "APP_NAME=\"unterminated\n"})
        try:
            code, out, err = run_to_exit(cwd=cwd, timeout=5)
        except Exception as e:  # noqa: BLE001 - a hang is a failure too
            self.fail("server with an unparsable .env did not exit: %r" % e)
        self.assertEqual(code, 1, "expected a clean start-up failure (exit 1), got %r:\n%s" % (code, out + err))
        self.assertIn(".env", out + err)

    def test_hello_example_reads_app_name(self):
        cwd = self.make_cwd({".env": "APP_NAME=hello-from-file\n"})
        srv = self.start(binary=HELLO, cwd=cwd)
        self.assertEqual(self.health_data(srv)["name"], "hello-from-file")
        r = srv.get("/hello?name=Ada")
        self.assertEqual(r.json(), {"data": "Hello Ada!"})


if __name__ == "__main__":
    harness.main()
