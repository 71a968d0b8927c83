#!/usr/bin/env python3
"""The Kubernetes manifests (deploy/k8s): every file parses and is listed in the kustomization, and the ports, probe
paths, shutdown timings, selectors and user agree with the framework's code and the image, so they cannot drift
apart. kubectl, where installed, also renders the kustomization."""
import pathlib
import re
import shutil
import subprocess
import unittest

import yaml

import framework_defaults

ROOT = framework_defaults.ROOT
K8S = ROOT / "deploy" / "k8s"


def go_duration(text):
    """Seconds in a Go duration ("5s", "1m30s", "250ms") or a plain number of seconds, as the framework reads them."""
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    units = {"h": 3600, "m": 60, "s": 1, "ms": 0.001, "us": 1e-6, "µs": 1e-6, "ns": 1e-9}
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)", text)
    assert parts and "".join(n + u for n, u in parts) == text, f"not a Go duration: {text}"
    return sum(float(n) * units[u] for n, u in parts)


def env_file(path):
    """KEY=VALUE lines, as configs/.env holds them."""
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def image_uid():
    users = re.findall(r"^USER\s+(\d+)", (ROOT / "Dockerfile").read_text(), re.M)
    return int(users[-1])


class ManifestTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
        cls.docs = {}
        for name in cls.kustomization["resources"]:
            for doc in yaml.safe_load_all((K8S / name).read_text()):
                cls.docs[doc["kind"]] = doc
        generator = cls.kustomization["configMapGenerator"][0]
        cls.config_name = generator["name"]
        cls.env = {k: v for f in generator["envs"] for k, v in env_file(K8S / f).items()}
        cls.defaults = framework_defaults.defaults()
        cls.deployment = cls.docs["Deployment"]
        cls.pod = cls.deployment["spec"]["template"]["spec"]
        cls.container = cls.pod["containers"][0]
        cls.container_ports = {p["name"]: p["containerPort"] for p in cls.container["ports"]}

    def setting(self, name):
        """What the pod runs with: the ConfigMap's value, else the framework's default."""
        return self.env.get(name, self.defaults[name])

    def port_number(self, port):
        return self.container_ports[port] if isinstance(port, str) else port

    def test_every_manifest_is_in_the_kustomization(self):
        listed = set(self.kustomization["resources"])
        on_disk = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
        self.assertEqual(listed, on_disk)
        self.assertEqual(set(self.docs), {"Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler",
                                          "ServiceMonitor"})

    def test_ports_are_the_frameworks(self):
        expected = framework_defaults.ports()
        self.assertEqual(self.container_ports, expected)
        for name, env in (("http", "HTTP_PORT"), ("grpc", "GRPC_PORT"), ("metrics", "METRICS_PORT")):
            self.assertEqual(int(self.setting(env)), expected[name], env)
        service = {p["name"]: p for p in self.docs["Service"]["spec"]["ports"]}
        self.assertEqual(set(service), set(expected))
        for name, port in service.items():
            self.assertEqual(port["port"], expected[name])
            self.assertEqual(self.port_number(port["targetPort"]), expected[name])
        self.assertEqual(service["grpc"]["appProtocol"], "grpc", "meshes route gRPC by it")
        self.assertEqual(service["http"]["appProtocol"], "http")

    def test_probes_use_the_framework_endpoints_on_the_http_port(self):
        paths = framework_defaults.probe_paths()
        expected = {"startupProbe": paths["liveness"], "livenessProbe": paths["liveness"],
                    "readinessProbe": paths["readiness"]}
        for probe, path in expected.items():
            with self.subTest(probe=probe):
                get = self.container[probe]["httpGet"]
                self.assertEqual(get["path"], path)
                self.assertEqual(self.port_number(get["port"]), framework_defaults.ports()["http"])

    def test_shutdown_fits_in_the_termination_grace_period(self):
        drain = go_duration(str(self.setting("SHUTDOWN_DRAIN_DELAY")))
        grace = go_duration(str(self.setting("SHUTDOWN_GRACE_PERIOD")))
        budget = self.pod["terminationGracePeriodSeconds"]
        # The last steps of the shutdown (closing idle connections, the exporters' flush) need up to a second more.
        self.assertGreaterEqual(budget, drain + grace + 1, "the kubelet would SIGKILL a drain in progress")
        self.assertGreater(drain, 0, "a drain delay, so endpoints and proxies stop sending before the listener closes")
        readiness = self.container["readinessProbe"]
        noticed = readiness["periodSeconds"] * readiness.get("failureThreshold", 3)
        self.assertLessEqual(noticed, drain, "the failing readiness is noticed within the drain delay")

    def test_startup_probe_allows_a_slow_start_without_a_liveness_restart(self):
        startup = self.container["startupProbe"]
        self.assertGreaterEqual(startup["periodSeconds"] * startup["failureThreshold"], 10)

    def test_selectors_match_the_pods(self):
        labels = self.deployment["spec"]["template"]["metadata"]["labels"]
        selectors = {
            "Deployment": self.deployment["spec"]["selector"]["matchLabels"],
            "Service": self.docs["Service"]["spec"]["selector"],
            "PodDisruptionBudget": self.docs["PodDisruptionBudget"]["spec"]["selector"]["matchLabels"],
        }
        for kind, selector in selectors.items():
            with self.subTest(kind=kind):
                self.assertLessEqual(selector.items(), labels.items())
        monitor = self.docs["ServiceMonitor"]["spec"]
        self.assertLessEqual(monitor["selector"]["matchLabels"].items(),
                             self.docs["Service"]["metadata"]["labels"].items())
        endpoint = monitor["endpoints"][0]
        self.assertEqual(endpoint["port"], "metrics")
        self.assertEqual(endpoint["path"], "/metrics")
        self.assertTrue(any('"/metrics"' in p.read_text() for p in (ROOT / "src").rglob("*.cpp")))

    def test_scaling_and_disruption_budget_leave_room_to_drain_a_node(self):
        hpa = self.docs["HorizontalPodAutoscaler"]["spec"]
        self.assertEqual(hpa["scaleTargetRef"]["name"], self.deployment["metadata"]["name"])
        self.assertGreater(hpa["minReplicas"], self.docs["PodDisruptionBudget"]["spec"]["minAvailable"])
        self.assertGreaterEqual(self.deployment["spec"]["replicas"], hpa["minReplicas"])
        self.assertEqual(self.deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"], 0)

    def test_runs_as_the_images_user_with_a_read_only_root(self):
        security = self.pod["securityContext"]
        self.assertTrue(security["runAsNonRoot"])
        self.assertEqual(security["runAsUser"], image_uid())
        container = self.container["securityContext"]
        self.assertTrue(container["readOnlyRootFilesystem"])
        self.assertFalse(container["allowPrivilegeEscalation"])
        mounts = {m["mountPath"] for m in self.container["volumeMounts"]}
        self.assertIn("/app/data", mounts, "the image's writable data directory")

    def test_config_map_feeds_the_environment(self):
        refs = [e["configMapRef"]["name"] for e in self.container["envFrom"] if "configMapRef" in e]
        self.assertEqual(refs, [self.config_name])
        unknown = set(self.env) - framework_defaults.settings()
        self.assertFalse(unknown, "settings the framework does not read")

    @unittest.skipUnless(shutil.which("kubectl"), "kubectl is not installed")
    def test_kubectl_renders_the_kustomization(self):
        out = subprocess.run(["kubectl", "kustomize", str(K8S)], capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stderr)
        rendered = list(yaml.safe_load_all(out.stdout))
        config = next(d for d in rendered if d["kind"] == "ConfigMap")
        deployment = next(d for d in rendered if d["kind"] == "Deployment")
        env_from = deployment["spec"]["template"]["spec"]["containers"][0]["envFrom"][0]["configMapRef"]["name"]
        self.assertEqual(env_from, config["metadata"]["name"], "the hashed ConfigMap name is wired in")


if __name__ == "__main__":
    unittest.main()
