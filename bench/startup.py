#!/usr/bin/python3
"""Start-up time and idle memory: how long from exec until GET /hello answers 200, and the resident memory a second
after that, for examples/hello in the default stack and the full one (metrics, every span exported), next to the Go
net/http peer and nginx serving the same bytes.

Each server is started --runs times (default 20) on a free port, pinned to CPU 0 like the throughput bench, with
this script on CPU 1; the clock starts just before the fork and stops when a request on a fresh connection gets its 200, polled every 0.2 ms.
The fork and exec of a Python child are included, so the numbers are a slight overestimate.

    bench/startup.py [--runs N] [--binary build/examples/hello/hello]
"""

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"GET /hello HTTP/1.1\r\nHost: startup\r\nConnection: close\r\n\r\n")
            return s.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def vm_rss_kib(pids):
    total = 0
    for pid in pids:
        with open("/proc/%d/status" % pid) as status:
            total += next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    return total


def children(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def measure(command, env, port, cwd):
    start = time.monotonic()
    proc = subprocess.Popen(["taskset", "-c", "0"] + command, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        while not answers(port):
            if proc.poll() is not None:
                raise SystemExit("%s exited during start-up" % command[0])
            if time.monotonic() - start > 10:
                raise SystemExit("%s did not answer within 10 s" % command[0])
            time.sleep(0.0002)
        ready_ms = (time.monotonic() - start) * 1000
        time.sleep(1)
        rss = vm_rss_kib([proc.pid] + children(proc.pid))
        return ready_ms, rss
    finally:
        proc.terminate()
        proc.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--binary", default=os.path.join(ROOT, "build", "examples", "hello", "hello"))
    args = parser.parse_args()
    os.sched_setaffinity(0, {1})  # the poller on the other CPU: it must not take the server's core while it starts
    work = tempfile.mkdtemp(prefix="gofr-startup-")
    try:
        servers = []
        base = {k: v for k, v in os.environ.items() if not k.startswith(("HTTP_", "METRICS_", "TRACE", "LOG_"))}
        hello_dir = os.path.join(ROOT, "examples", "hello")
        sink = free_port()
        servers.append(("gofr-cpp, default stack", lambda p: ([args.binary], dict(base, HTTP_PORT=str(p),
                                                                                     METRICS_PORT="0"), hello_dir)))
        # examples/hello's configs/.env asks for SQLite (and runs a migration); an empty DB_DIALECT overrides it.
        servers.append(("gofr-cpp, default stack without a database", lambda p: ([args.binary], dict(
            base, HTTP_PORT=str(p), METRICS_PORT="0", DB_DIALECT=""), hello_dir)))
        servers.append(("gofr-cpp, metrics and every span exported", lambda p: ([args.binary], dict(
            base, HTTP_PORT=str(p), METRICS_PORT=str(free_port()), TRACE_EXPORTER="otlp",
            TRACER_URL="http://127.0.0.1:%d" % sink, TRACER_RATIO="1"), hello_dir)))
        if shutil.which("go"):
            go_binary = os.path.join(work, "go-hello")
            subprocess.run(["go", "build", "-o", go_binary, "."], cwd=os.path.join(ROOT, "bench", "peers", "go-hello"),
                           env=dict(os.environ, GOPROXY="off", GOFLAGS="-mod=mod", GOTOOLCHAIN="local"), check=True)
            servers.append(("Go net/http", lambda p: ([go_binary], dict(base, PORT=str(p)), work)))
        if shutil.which("nginx"):
            def nginx(p):
                prefix = os.path.join(work, "nginx-%d" % p)
                os.makedirs(prefix)
                with open(os.path.join(ROOT, "bench", "peers", "nginx", "nginx.conf.in")) as f:
                    conf = f.read().replace("@PORT@", str(p)).replace("@PREFIX@", prefix)
                with open(os.path.join(prefix, "nginx.conf"), "w") as f:
                    f.write(conf)
                return (["nginx", "-p", prefix, "-e", os.path.join(prefix, "error.log"), "-c",
                         os.path.join(prefix, "nginx.conf")], base, work)
            servers.append(("nginx (master + worker)", nginx))

        print("## Start-up: exec until the first 200, and VmRSS a second later (%d runs each)" % args.runs)
        print()
        print("| server | median (ms) | p90 (ms) | max (ms) | idle VmRSS (MB) |")
        print("|---|---:|---:|---:|---:|")
        for label, make in servers:
            times, rss = [], []
            for _ in range(args.runs):
                port = free_port()
                command, env, cwd = make(port)
                ready_ms, kib = measure(command, env, port, cwd)
                times.append(ready_ms)
                rss.append(kib)
            times.sort()
            p90 = times[min(len(times) - 1, int(round(0.9 * (len(times) - 1))))]
            print("| %s | %.1f | %.1f | %.1f | %.1f |" % (label, statistics.median(times), p90, times[-1],
                                                         statistics.median(rss) / 1024))
            sys.stdout.flush()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
