#!/usr/bin/env python3
"""The Istio and Linkerd overlays (deploy/istio, deploy/linkerd): mTLS, sidecar injection, the app held until its
proxy is ready, and for each retry owner a consistent pair: what the mesh is told to do and what the app is told
the mesh does (RETRY_OWNER, MESH_RETRIES). The overlays are rendered by a small model of kustomize (resources,
namespace, strategic-merge patches of maps, configMapGenerator merges); kubectl, where installed, renders them
too and must agree."""
import pathlib
import shutil
import subprocess
import unittest

import yaml

import framework_defaults

DEPLOY = framework_defaults.ROOT / "deploy"
OVERLAYS = ("app-owns-retries", "mesh-owns-retries")


def merge(into, patch):
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            merge(into[key], value)
        else:
            into[key] = value


def env_lines(lines):
    return dict(line.split("=", 1) for line in (l.strip() for l in lines) if line and not line.startswith("#"))


def render(folder):
    """(documents, {ConfigMap name: data}) of a kustomization."""
    k = yaml.safe_load((folder / "kustomization.yaml").read_text())
    docs, configs = [], {}
    for resource in k.get("resources", []):
        path = (folder / resource).resolve()
        if path.is_dir():
            sub_docs, sub_configs = render(path)
            docs += sub_docs
            configs.update(sub_configs)
        else:
            docs += [d for d in yaml.safe_load_all(path.read_text()) if d]
    for patch in k.get("patches", []):
        change = yaml.safe_load((folder / patch["path"]).read_text())
        target = [d for d in docs if d["kind"] == change["kind"] and d["metadata"]["name"] ==
                  change["metadata"]["name"]]
        assert len(target) == 1, f"{patch['path']} patches nothing"
        merge(target[0], change)
    for generator in k.get("configMapGenerator", []):
        data = {}
        for name in generator.get("envs", []):
            data.update(env_lines((folder / name).read_text().splitlines()))
        data.update(env_lines(l.split("#")[0] for l in generator.get("literals", [])))
        if generator.get("behavior") == "merge":
            configs[generator["name"]].update(data)
        else:
            configs[generator["name"]] = data
    if "namespace" in k:
        for d in docs:
            if d["kind"] != "Namespace":
                d["metadata"]["namespace"] = k["namespace"]
    return docs, configs


def one(docs, kind):
    found = [d for d in docs if d["kind"] == kind]
    assert len(found) == 1, f"{len(found)} {kind}"
    return found[0]


class MeshOverlayTest:
    mesh = None

    def overlays(self):
        for overlay in OVERLAYS:
            docs, configs = render(DEPLOY / self.mesh / overlay)
            (config,) = configs.values()
            yield overlay, docs, config

    def test_namespace_is_meshed_and_holds_everything(self):
        for overlay, docs, _ in self.overlays():
            with self.subTest(overlay=overlay):
                namespace = one(docs, "Namespace")
                self.check_injection(namespace)
                for d in docs:
                    if d["kind"] != "Namespace":
                        self.assertEqual(d["metadata"].get("namespace"), namespace["metadata"]["name"], d["kind"])

    def test_the_app_is_held_until_its_proxy_is_ready(self):
        for overlay, docs, _ in self.overlays():
            with self.subTest(overlay=overlay):
                annotations = one(docs, "Deployment")["spec"]["template"]["metadata"]["annotations"]
                self.check_hold(annotations)

    def test_one_owner_for_retries(self):
        for overlay, docs, config in self.overlays():
            with self.subTest(overlay=overlay):
                mesh_retries = self.mesh_retries(docs)
                self.assertEqual(int(config["MESH_RETRIES"]), mesh_retries,
                                 "the app's start-up check sees what the mesh does")
                if overlay == "app-owns-retries":
                    self.assertIn(config["RETRY_OWNER"], ("app", "auto"))
                    self.assertEqual(mesh_retries, 0)
                else:
                    self.assertEqual(config["RETRY_OWNER"], "mesh")
                    self.assertGreater(mesh_retries, 0)

    def test_grpc_port_keeps_its_protocol(self):
        for overlay, docs, _ in self.overlays():
            ports = {p["name"]: p for p in one(docs, "Service")["spec"]["ports"]}
            self.assertEqual(ports["grpc"]["appProtocol"], "grpc", overlay)

    @unittest.skipUnless(shutil.which("kubectl"), "kubectl is not installed")
    def test_kubectl_renders_the_same(self):
        for overlay, docs, config in self.overlays():
            with self.subTest(overlay=overlay):
                out = subprocess.run(["kubectl", "kustomize", str(DEPLOY / self.mesh / overlay)],
                                     capture_output=True, text=True)
                self.assertEqual(out.returncode, 0, out.stderr)
                rendered = list(yaml.safe_load_all(out.stdout))
                self.assertEqual(sorted(d["kind"] for d in rendered), sorted(d["kind"] for d in docs + [
                    {"kind": "ConfigMap"}]))
                self.assertEqual(one(rendered, "ConfigMap")["data"], config)
                self.assertEqual(self.mesh_retries(rendered), self.mesh_retries(docs))


class IstioTests(MeshOverlayTest, unittest.TestCase):
    mesh = "istio"

    def check_injection(self, namespace):
        self.assertEqual(namespace["metadata"]["labels"]["istio-injection"], "enabled")

    def check_hold(self, annotations):
        config = yaml.safe_load(annotations["proxy.istio.io/config"])
        self.assertIs(config["holdApplicationUntilProxyStarts"], True)

    def mesh_retries(self, docs):
        route = one(docs, "VirtualService")["spec"]["http"][0]
        return route["retries"]["attempts"]

    def test_mtls_is_strict_and_originated_for_the_service(self):
        for overlay, docs, _ in self.overlays():
            with self.subTest(overlay=overlay):
                self.assertEqual(one(docs, "PeerAuthentication")["spec"]["mtls"]["mode"], "STRICT")
                rule = one(docs, "DestinationRule")
                service = one(docs, "Service")["metadata"]["name"]
                self.assertEqual(rule["spec"]["host"], service)
                self.assertEqual(rule["spec"]["trafficPolicy"]["tls"]["mode"], "ISTIO_MUTUAL")
                self.assertEqual(one(docs, "VirtualService")["spec"]["hosts"], [service])

    def test_outlier_detection_only_where_the_mesh_owns_failures(self):
        for overlay, docs, _ in self.overlays():
            with self.subTest(overlay=overlay):
                policy = one(docs, "DestinationRule")["spec"]["trafficPolicy"]
                self.assertEqual("outlierDetection" in policy, overlay == "mesh-owns-retries")
                retries = one(docs, "VirtualService")["spec"]["http"][0]["retries"]
                if overlay == "mesh-owns-retries":
                    self.assertIn("perTryTimeout", retries)
                    self.assertIn("503", retries["retryOn"])


class LinkerdTests(MeshOverlayTest, unittest.TestCase):
    mesh = "linkerd"

    def check_injection(self, namespace):
        self.assertEqual(namespace["metadata"]["annotations"]["linkerd.io/inject"], "enabled")

    def check_hold(self, annotations):
        self.assertEqual(annotations["config.linkerd.io/proxy-await"], "enabled")

    def mesh_retries(self, docs):
        annotations = one(docs, "Service")["metadata"].get("annotations", {})
        if not any(key.startswith("retry.linkerd.io/") for key in annotations):
            return 0
        self.assertIn("5xx", annotations["retry.linkerd.io/http"])
        self.assertIn("retry.linkerd.io/timeout", annotations)
        return int(annotations["retry.linkerd.io/limit"])


if __name__ == "__main__":
    unittest.main()
