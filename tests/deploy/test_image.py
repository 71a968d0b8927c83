#!/usr/bin/env python3
"""The container image (Dockerfile). No Docker engine runs here, so its promises are checked from outside: the
runtime stage's packages provide every shared library the service binaries need (ldd, dpkg -S, and apt's
dependencies), the build stage builds as the README does, and the image runs as a non-root user on the
framework's ports."""
import os
import pathlib
import re
import shlex
import re
import subprocess
import unittest

import framework_defaults

ROOT = framework_defaults.ROOT
BINARIES = [os.environ.get("GOFR_HELLO", str(ROOT / "build/examples/hello/hello")),
            os.environ.get("GOFR_GRPC_EXAMPLE", str(ROOT / "build/examples/grpc/grpc")),
            os.environ.get("GOFR_OTLP_GRPC_MODULE", str(ROOT / "build/lib/gofr/libgofr_otlp_grpc.so"))]
# The system libraries the framework loads with dlopen when the configuration asks (ADR 0011), as the code names
# them: SharedLibrary::load("<soname>", "<setting>", "<Debian package>"), or load_functions<Table>(the same).
LOADED = re.compile(r'(?:SharedLibrary::load|load_functions<\w+>)\(\s*"([^"]+)",\s*"[^"]*",\s*"([^"]+)"\)')


def instructions(stage_lines):
    """[(KEYWORD, arguments)] with continuation lines joined and comments dropped."""
    out, pending = [], ""
    for line in stage_lines:
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        full = (pending + line).strip()
        pending = ""
        keyword, _, rest = full.partition(" ")
        out.append((keyword.upper(), rest.strip()))
    return out


def stages():
    """[(FROM arguments, [(KEYWORD, arguments)])] in order."""
    result = []
    for keyword, args in instructions((ROOT / "Dockerfile").read_text().splitlines()):
        if keyword == "FROM":
            result.append((args, []))
        elif result:
            result[-1][1].append((keyword, args))
    return result


def installed_by(run_args):
    """The packages an `apt-get install` inside a RUN names."""
    packages = []
    for command in run_args.split("&&"):
        words = shlex.split(command)
        if words[:2] == ["apt-get", "install"]:
            packages += [w for w in words[2:] if not w.startswith("-")]
    return packages


def owning_package(path):
    """The Debian package that ships `path` (merged /usr: dpkg may know it under /lib)."""
    real = os.path.realpath(path)
    candidates = [real, real.removeprefix("/usr"), "/usr" + real, path]
    for candidate in candidates:
        found = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if found.returncode == 0:
            return found.stdout.split(":")[0].strip()
    raise AssertionError(f"no Debian package ships {path}")


def needed_packages(binary):
    out = subprocess.run(["ldd", binary], capture_output=True, text=True, check=True).stdout
    self_contained = ("linux-vdso", "ld-linux")
    paths = [m.group(1) for m in re.finditer(r"=> (/\S+)", out)]
    missing = [line for line in out.splitlines() if "not found" in line]
    assert not missing, missing
    return {owning_package(p) for p in paths if not any(s in p for s in self_contained)}


def dependency_closure(packages):
    """The packages apt installs for `packages`, recommends aside (the image installs with --no-install-recommends)."""
    if not packages:
        return set()
    out = subprocess.run(["apt-cache", "depends", "--recurse", "--installed", "--no-recommends", "--no-suggests",
                          "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances", *packages],
                         capture_output=True, text=True, check=True).stdout
    return {line.split(":")[0] for line in out.splitlines() if line and not line[0].isspace()
            and not line.startswith("<")}


def slim_base_packages():
    """What debian:12-slim has before the Dockerfile adds anything: the essential packages and apt, with their
    dependencies."""
    out = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${Essential}\n"], capture_output=True, text=True,
                         check=True).stdout
    essential = [line.split()[0] for line in out.splitlines() if line.endswith(" yes")]
    return dependency_closure(essential + ["apt"])


class ImageTests(unittest.TestCase):
    def setUp(self):
        self.stages = stages()
        self.assertEqual(len(self.stages), 2, "a build stage and a runtime stage")
        (self.build_from, self.build), (self.run_from, self.run) = self.stages

    def test_runtime_packages_provide_every_library_the_binaries_link(self):
        runtime = [p for keyword, args in self.run if keyword == "RUN" for p in installed_by(args)]
        self.assertTrue(runtime, "the runtime stage installs the libraries")
        provided = dependency_closure(runtime) | slim_base_packages()
        for binary in BINARIES:
            with self.subTest(binary=binary):
                self.assertTrue(os.access(binary, os.X_OK), f"build {binary} first")
                missing = needed_packages(binary) - provided
                self.assertFalse(missing, f"{pathlib.Path(binary).name} needs {sorted(missing)}, which the "
                                          "runtime stage does not install")

    def test_runtime_packages_provide_every_library_loaded_on_demand(self):
        runtime = [p for keyword, args in self.run if keyword == "RUN" for p in installed_by(args)]
        provided = dependency_closure(runtime) | slim_base_packages()
        loaded = [m for source in (ROOT / "src").rglob("*.cpp") if not source.name.endswith("_test.cpp")
                  for m in LOADED.findall(source.read_text())]
        self.assertGreaterEqual(len(loaded), 2, "libpq and SQLite are loaded with dlopen")
        for soname, package in loaded:
            with self.subTest(soname=soname):
                found = subprocess.run(["dpkg", "-S", soname], capture_output=True, text=True)
                owners = {line.split(":")[0] for line in found.stdout.splitlines()}
                self.assertIn(package, owners, f"the code names {package} as the package of {soname}")
                self.assertIn(package, provided, f"{soname} is loaded on demand, but the runtime stage lacks "
                                                 f"{package}")
        copied = " ".join(args for keyword, args in self.build if keyword == "RUN")
        self.assertIn("libgofr_*.so /out/", copied, "the modules are copied next to the service binary")

    def test_runtime_stage_is_slim_and_does_not_carry_build_tools(self):
        self.assertEqual(self.run_from, "debian:12-slim")
        runtime = [p for keyword, args in self.run if keyword == "RUN" for p in installed_by(args)]
        self.assertFalse([p for p in runtime if p.endswith("-dev") or p in ("build-essential", "cmake", "make")])

    def test_build_stage_builds_the_way_the_readme_does(self):
        self.assertTrue(self.build_from.startswith("debian:12 "), self.build_from)
        runs = " ".join(args for keyword, args in self.build if keyword == "RUN")
        self.assertIn("make deps", runs, "the README's install script, through the Makefile")
        self.assertRegex(runs, r"make build EXAMPLE=")
        self.assertIn("GOFR_DEPS=build", runs)
        # The build-only group exists in the install script, and the script refuses what it does not know.
        script = ROOT / "scripts" / "install-deps.sh"
        self.assertIn("build_packages=(", script.read_text())
        refused = subprocess.run([str(script)], env={**os.environ, "GOFR_DEPS": "everything"}, capture_output=True,
                                 text=True)
        self.assertEqual(refused.returncode, 2, refused.stderr)

    def test_runs_as_a_non_root_user_on_the_framework_ports(self):
        users = [args for keyword, args in self.run if keyword == "USER"]
        self.assertTrue(users, "a USER instruction")
        uid = users[-1].split(":")[0]
        self.assertTrue(uid.isdigit() and int(uid) != 0, "a numeric, non-root uid (Kubernetes' runAsNonRoot "
                                                         "can check only a number)")
        exposed = {int(p) for keyword, args in self.run if keyword == "EXPOSE" for p in args.split()}
        self.assertEqual(exposed, set(framework_defaults.ports().values()))
        self.assertTrue([args for keyword, args in self.run if keyword == "ENTRYPOINT"])

    def test_build_context_leaves_out_build_trees(self):
        ignored = (ROOT / ".dockerignore").read_text().split()
        for entry in ("build", "build-*", ".git"):
            self.assertIn(entry, ignored)


if __name__ == "__main__":
    unittest.main()
