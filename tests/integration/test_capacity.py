"""Capacity: many idle keep-alive connections, and the open-file limit that allows them.

An idle keep-alive connection keeps only what its next request needs to begin: a 1 KiB read buffer and the small
frame that waits on it. The performance issue's bound is 50 MB for 10 000 of them, checked on the release build
(the sanitizers add their own bookkeeping to every allocation).
"""

import os
import resource
import socket
import time
import unittest

import harness

IDLE_CONNECTIONS = 10_000
EXTRA_RSS_LIMIT_MB = 50


def vm_rss_kib(pid):
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS for pid %d" % pid)


def open_file_limits(pid):
    with open("/proc/%d/limits" % pid) as limits:
        for line in limits:
            if line.startswith("Max open files"):
                soft, hard = line.split()[3:5]
                return soft, hard
    raise AssertionError("no open-file limit for pid %d" % pid)


class OpenFileLimitTest(harness.ServerTestCase):
    def test_soft_limit_is_raised_to_the_hard_limit(self):
        # As Go does at start-up: a service started with the common soft limit of 1024 may use all the hard limit.
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if hard != resource.RLIM_INFINITY and hard <= 1024:
            self.skipTest("hard open-file limit %d leaves nothing to raise" % hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (1024, hard))
        try:
            srv = self.start(harness.HELLO)
        finally:
            resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
        served_soft, served_hard = open_file_limits(srv.proc.pid)
        self.assertEqual(served_soft, served_hard)
        self.assertNotEqual(served_soft, "1024")


class IdleConnectionsTest(harness.ServerTestCase):
    def test_ten_thousand_idle_keep_alive_connections(self):
        needed = IDLE_CONNECTIONS + 200
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if hard != resource.RLIM_INFINITY and hard < needed:
            self.skipTest("hard open-file limit %d is below %d" % (hard, needed))
        resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, needed), hard))
        self.addCleanup(resource.setrlimit, resource.RLIMIT_NOFILE, (soft, hard))

        srv = self.start(harness.HELLO)
        srv.get("/hello")  # the first request's one-time allocations belong to start-up, not to the connections
        time.sleep(0.5)
        before = vm_rss_kib(srv.proc.pid)

        connections = []
        self.addCleanup(lambda: [c.close() for c in connections])
        request = b"GET /hello HTTP/1.1\r\nHost: capacity\r\n\r\n"
        for _ in range(IDLE_CONNECTIONS):
            c = socket.create_connection((harness.HOST, srv.port))
            c.sendall(request)
            connections.append(c)
        for c in connections:  # every one served once, then left open and idle
            c.settimeout(10)
            answer = c.recv(4096)
            self.assertTrue(answer.startswith(b"HTTP/1.1 200 "), answer[:100])
            self.assertTrue(answer.endswith(harness.HELLO_BODY), answer[-100:])
        time.sleep(0.5)
        extra_mb = (vm_rss_kib(srv.proc.pid) - before) / 1024
        print("%d idle keep-alive connections: +%.1f MB (%.2f KiB each), RSS before %.1f MB"
              % (IDLE_CONNECTIONS, extra_mb, extra_mb * 1024 / IDLE_CONNECTIONS, before / 1024))

        # All of them are still alive and served: a request on the last and the first.
        for c in (connections[-1], connections[0]):
            c.sendall(request)
            self.assertTrue(c.recv(4096).startswith(b"HTTP/1.1 200 "))
        self.assert_serving(srv)
        if not harness.SANITIZED:
            self.assertLessEqual(extra_mb, EXTRA_RSS_LIMIT_MB)


if __name__ == "__main__":
    unittest.main()
