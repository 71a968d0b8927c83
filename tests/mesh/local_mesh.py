"""A service mesh on one machine: each service of examples/fleet in its own network namespace, reachable only
through a sidecar proxy (HAProxy, as Envoy stands in a pod) on the namespace's address, as a pod is reached through
its sidecar. Namespaces hang off one bridge; the test process sits on the bridge too (the "node"), where it sends
requests and collects spans. Needs root (network namespaces); everything is removed again at the end."""
import http.server
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.request

APP_HTTP_PORT = 18000  # the app's own port inside its namespace; the sidecar listens on the namespace's :8000
APP_GRPC_PORT = 19000
SIDECAR_HTTP_PORT = 8000
SIDECAR_GRPC_PORT = 9000


def run(*args):
    subprocess.run(args, check=True, capture_output=True)


class Network:
    """A bridge on 10.<net>.0.1/24 and namespaces with 10.<net>.0.2, .3, … behind veth pairs."""

    def __init__(self, names):
        tag = os.getpid() % 10000
        self.bridge = "gm%dbr" % tag
        net = 100 + tag % 100
        self.node_ip = "10.%d.0.1" % net
        self.namespaces = {}
        run("ip", "link", "add", self.bridge, "type", "bridge")
        run("ip", "addr", "add", self.node_ip + "/24", "dev", self.bridge)
        run("ip", "link", "set", self.bridge, "up")
        for i, name in enumerate(names, start=2):
            ns, host_end, ns_end = "gm%d-%s" % (tag, name), "gm%dh%d" % (tag, i), "gm%dn%d" % (tag, i)
            ip = "10.%d.0.%d" % (net, i)
            run("ip", "netns", "add", ns)
            run("ip", "link", "add", host_end, "type", "veth", "peer", "name", ns_end)
            run("ip", "link", "set", ns_end, "netns", ns)
            run("ip", "link", "set", host_end, "master", self.bridge, "up")
            run("ip", "netns", "exec", ns, "ip", "addr", "add", ip + "/24", "dev", ns_end)
            run("ip", "netns", "exec", ns, "ip", "link", "set", ns_end, "up")
            run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up")
            self.namespaces[name] = (ns, ip, host_end)

    def ip(self, name):
        return self.namespaces[name][1]

    def spawn(self, name, argv, env=None, log=None):
        ns = self.namespaces[name][0]
        return subprocess.Popen(["ip", "netns", "exec", ns, *argv], env=env, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)

    def close(self):
        for ns, _, host_end in self.namespaces.values():
            subprocess.run(["ip", "link", "del", host_end], capture_output=True)
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)
        subprocess.run(["ip", "link", "del", self.bridge], capture_output=True)


def outbound_config(port, upstreams):
    """The caller's sidecar balancing over the replicas' sidecars, and following their readiness
    (/.well-known/health) every 200 ms, as a mesh's endpoint list follows the pods' readiness."""
    servers = "".join("    server r%d %s check\n" % (i, address) for i, address in enumerate(upstreams, 1))
    return """frontend outbound
    bind 127.0.0.1:{port}
    default_backend replicas
backend replicas
    balance roundrobin
    option httpchk GET /.well-known/health
    http-check expect status 200
    default-server inter 200ms fall 1 rise 1
    retries 0
{servers}""".format(port=port, servers=servers)


def sidecar_config(ip, grpc=False, retries=0):
    """HAProxy in front of the app, as a mesh's inbound sidecar: HTTP/1.1 on :8000, and gRPC (HTTP/2) on :9000.
    `retries`: resend a request the app answered 503 or could not be connected to, as a sidecar with
    retryOn: 5xx does; it ignores the app's x-envoy-max-retries (only Envoy reads it). Without, the sidecar
    retries nothing, not even a refused connection (HAProxy's default would), so it hides no failure."""
    config = """global
    maxconn 4096
defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    option http-keep-alive
frontend http_in
    bind {ip}:{http}
    default_backend app_http
backend app_http
    server app 127.0.0.1:{app_http}
""".format(ip=ip, http=SIDECAR_HTTP_PORT, app_http=APP_HTTP_PORT)
    config += "    retries {}\n".format(retries)
    if retries:
        config += "    retry-on 503 conn-failure\n"
    if grpc:
        config += """frontend grpc_in
    bind {ip}:{grpc} proto h2
    default_backend app_grpc
backend app_grpc
    server app 127.0.0.1:{app_grpc} proto h2
""".format(ip=ip, grpc=SIDECAR_GRPC_PORT, app_grpc=APP_GRPC_PORT)
    return config


class ZipkinCollector:
    """Zipkin's span endpoint on the node's address: every POSTed span, in arrival order."""

    def __init__(self, host):
        self.spans = []
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with outer.lock:
                    outer.spans += json.loads(body)
                self.send_response(202)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer((host, 0), Handler)
        self.url = "http://%s:%d/api/v2/spans" % (host, self.server.server_address[1])
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def trace(self, trace_id):
        with self.lock:
            return [s for s in self.spans if s["traceId"] == trace_id]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Fleet:
    """examples/fleet's three services, each in its namespace behind its sidecar, tracing to `collector`."""

    ORDERS_OUTBOUND_PORT = 18001  # in the gateway's namespace, when orders has replicas

    def __init__(self, binary, network, collector, env=None, role_env=None, sidecar_retries=None, replicas=1):
        """`replicas` > 1: orders1, orders2, … (namespaces of those names), reached through the gateway's
        sidecar, which balances over them."""
        self.network = network
        self.binary = binary
        self.dir = tempfile.mkdtemp(prefix="gofr-mesh-")
        self.processes = {}
        self.logs = {}
        self.env = {}
        base = {k: v for k, v in os.environ.items() if not k.startswith(("HTTP_", "GRPC_", "METRICS_", "APP_"))}
        base.update({"TRACE_EXPORTER": "zipkin", "TRACER_URL": collector.url, "TRACER_RATIO": "1",
                     "OTEL_BSP_SCHEDULE_DELAY": "50ms", "HTTP_PORT": str(APP_HTTP_PORT), "METRICS_PORT": "2121",
                     "LOG_LEVEL": "WARN"})
        base.update(env or {})
        self.orders = ["orders"] if replicas == 1 else ["orders%d" % i for i in range(1, replicas + 1)]
        roles = {"catalog": ("catalog", {"GRPC_PORT": str(APP_GRPC_PORT)})}
        for name in self.orders:  # each replica its own SQLite file, as pods do with an embedded database
            roles[name] = ("orders", {"DB_DIALECT": "sqlite", "DB_NAME": os.path.join(self.dir, name),
                                      "CATALOG_ADDR": "%s:%d" % (network.ip("catalog"), SIDECAR_GRPC_PORT)})
        replicas_at = ["%s:%d" % (network.ip(name), SIDECAR_HTTP_PORT) for name in self.orders]
        orders_url = "http://" + (replicas_at[0] if replicas == 1 else "127.0.0.1:%d" % self.ORDERS_OUTBOUND_PORT)
        roles["gateway"] = ("gateway", {"ORDERS_URL": orders_url})
        for name, (role, settings) in roles.items():
            config = sidecar_config(network.ip(name), grpc=role == "catalog",
                                    retries=(sidecar_retries or {}).get(name, 0))
            if role == "gateway" and replicas > 1:
                config += outbound_config(self.ORDERS_OUTBOUND_PORT, replicas_at)
            path = os.path.join(self.dir, name + ".haproxy.cfg")
            with open(path, "w") as f:
                f.write(config)
            self.logs[name] = open(os.path.join(self.dir, name + ".log"), "ab")
            self.processes[name + "-sidecar"] = network.spawn(name, ["haproxy", "-db", "-f", path],
                                                              log=self.logs[name])
            self.env[name] = {**base, **settings, **(role_env or {}).get(role, {}), "FLEET_ROLE": role,
                              "APP_NAME": role}
            self.processes[name] = network.spawn(name, [binary], env=self.env[name], log=self.logs[name])

    def restart(self, name, ready_timeout=20):
        """Stops the service `name` (SIGTERM: it drains) and starts it again, leaving its sidecar up; returns once
        it is ready again."""
        process = self.processes[name]
        process.terminate()
        process.wait(timeout=30)
        self.processes[name] = self.network.spawn(name, [self.binary], env=self.env[name], log=self.logs[name])
        deadline = time.monotonic() + ready_timeout
        while not self.app_ready(name):
            if time.monotonic() > deadline:
                raise RuntimeError("%s did not come back:\n%s" % (name, self.log(name)[-2000:]))
            time.sleep(0.05)

    def app_ready(self, name):
        try:
            with urllib.request.urlopen("http://%s:%d/.well-known/health" % (self.network.ip(name), APP_HTTP_PORT),
                                        timeout=1) as r:
                return r.status == 200
        except OSError:
            return False

    def wait_ready(self, timeout=30):
        """Until the gateway's health shows orders up, through the sidecars, and the catalog answers on its own HTTP
        port, which it opens only once its gRPC server is up. Orders' health has no entry for the catalog: a checkout
        sent before the catalog listened got UNAVAILABLE, as in tests/integration/test_fleet.py."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(self.url("gateway", "/.well-known/health"), timeout=2) as r:
                    orders_up = json.loads(r.read())["data"]["orders"]["status"] == "UP"
                if orders_up:
                    with urllib.request.urlopen(self.url("catalog", "/.well-known/alive", APP_HTTP_PORT), timeout=2):
                        return
            except (OSError, ValueError, KeyError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the fleet did not come up:\n" + "\n".join(
                    name + ":\n" + self.log(name)[-2000:] for name in ["gateway", *self.orders, "catalog"]))
            time.sleep(0.1)

    def metric(self, role, name, **labels):
        """The sum of the series `name` with these labels on the service's /metrics (its own port, 2121)."""
        with urllib.request.urlopen("http://%s:2121/metrics" % self.network.ip(role), timeout=5) as r:
            text = r.read().decode()
        return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
                   if line.startswith(name + "{") and all('%s="%s"' % kv in line for kv in labels.items()))

    def url(self, role, path, port=SIDECAR_HTTP_PORT):
        return "http://%s:%d%s" % (self.network.ip(role), port, path)

    def log(self, role):
        with open(os.path.join(self.dir, role + ".log"), errors="replace") as f:
            return f.read()

    def close(self):
        for name, process in reversed(list(self.processes.items())):
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for log in self.logs.values():
            log.close()
        shutil.rmtree(self.dir, ignore_errors=True)
