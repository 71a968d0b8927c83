"""The framework's defaults as the code has them, for the deployment files' tests: the environment variables' default
values read from src/core/app.cpp and, for gRPC's, src/grpc/app_grpc.cpp (config.get_int / get_duration calls), so
that a manifest or image cannot drift from the code unnoticed."""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
APP_SOURCES = [ROOT / "src" / "core" / "app.cpp", ROOT / "src" / "grpc" / "app_grpc.cpp"]

_UNITS = {"milliseconds": 0.001, "seconds": 1, "minutes": 60}


def defaults():
    """{"HTTP_PORT": 8000, "SHUTDOWN_GRACE_PERIOD": 30.0 (seconds), …}"""
    source = "".join(path.read_text() for path in APP_SOURCES)
    found = {}
    for name, value in re.findall(r'get_int\("(\w+)",\s*(\d+)', source):
        found[name] = int(value)
    for name, unit, value in re.findall(r'get_duration\("(\w+)",\s*std::chrono::(\w+)\((\d+)\)\)', source):
        found[name] = int(value) * _UNITS[unit]
    return found


def settings():
    """The names of every environment variable the framework reads (config.get*, outside tests)."""
    names = set()
    for path in (ROOT / "src").rglob("*.cpp"):
        if not path.name.endswith("_test.cpp"):
            names |= set(re.findall(r'\.get(?:_\w+)?\("([A-Z][A-Z0-9_]*)"', path.read_text()))
    return names


def ports():
    d = defaults()
    return {"http": d["HTTP_PORT"], "grpc": d["GRPC_PORT"], "metrics": d["METRICS_PORT"]}


def probe_paths():
    """The liveness and readiness paths, checked to be the ones the framework serves."""
    alive, health = "/.well-known/alive", "/.well-known/health"
    sources = "".join(p.read_text() for p in (ROOT / "src").rglob("*.cpp"))
    for path in (alive, health):
        assert f'"{path}"' in sources, f"the framework no longer serves {path}"
    return {"liveness": alive, "readiness": health}
