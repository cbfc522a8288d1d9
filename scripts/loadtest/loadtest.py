#!/usr/bin/env python3
"""A bounded load test of `herald serve` on loopback, with the Python standard library only.

It starts its own server on 127.0.0.1 (a free port), then runs two phases of fixed length:

1. normal load: a few clients post the bundled example cluster to /api/summarize and others
   read /api/health, back to back; it reports requests, errors and p50/p99 latency;
2. abuse: a slowloris client holds hundreds of connections open by trickling header bytes,
   and other clients send request bodies over the 16 MiB limit (declared and chunked), while a
   probe reads /api/health every 100 ms on a new connection; it reports the probe's failures
   and latency, and what the abusers got back;
3. overload: more summarize clients than the queue admits; the excess must get 503 with
   Retry-After at once (no other status, no connection error) while health keeps answering.

Nothing leaves 127.0.0.1, every phase stops after its duration, and the server is stopped at
the end (SIGTERM). Results are printed as text; docs/service.md records one run.

Usage: scripts/loadtest/loadtest.py [--herald target/release/herald] [--seconds 20]
       [--summarizers 4] [--readers 2] [--slowloris 300] [--oversized 4] [--overload 24]
"""

import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time

HOST = "127.0.0.1"


def percentile(values, p):
    """The p-th percentile (0-100) by nearest rank; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


def ms(seconds):
    return "-" if seconds is None else f"{seconds * 1000:.1f} ms"


def start_server(herald):
    """Starts `herald serve` on a free loopback port; returns the process and its port."""
    proc = subprocess.Popen(
        [herald, "serve", "--addr", f"{HOST}:0"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stderr.readline().strip()
    prefix = f"herald: listening on http://{HOST}:"
    if not line.startswith(prefix):
        proc.kill()
        sys.exit(f"unexpected first line from herald serve: {line!r}")
    return proc, int(line[len(prefix):].rstrip("/"))


class Stats:
    """Latencies and failures of one kind of request, shared by threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = []
        self.statuses = {}
        self.errors = []

    def record(self, started, status=None, error=None):
        elapsed = time.monotonic() - started
        with self.lock:
            if error is not None:
                self.errors.append(error)
            else:
                self.latencies.append(elapsed)
                self.statuses[status] = self.statuses.get(status, 0) + 1

    def failed(self, expected=200):
        """Requests that did not get the expected status, connection errors included."""
        with self.lock:
            other = sum(n for s, n in self.statuses.items() if s != expected)
            return len(self.errors) + other

    def line(self, name, expected=200):
        with self.lock:
            ok = self.statuses.get(expected, 0)
            other = {s: n for s, n in self.statuses.items() if s != expected}
            failed = len(self.errors) + sum(other.values())
            return (
                f"{name:<22} {ok + failed:>6} requests  {failed:>4} errors  "
                f"p50 {ms(percentile(self.latencies, 50)):>9}  "
                f"p99 {ms(percentile(self.latencies, 99)):>9}  "
                f"max {ms(max(self.latencies) if self.latencies else None):>9}"
                + (f"  other statuses {other}" if other else "")
                + (f"  connection errors {sorted(set(self.errors))[:3]}" if self.errors else "")
            )


def request(port, method, path, body=None, timeout=30):
    """One request on a new connection: (status, body bytes)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def client_loop(port, stop, stats, method, path, body=None, pause=0.0):
    """Sends the same request on one kept-alive connection until `stop`, reconnecting after a
    failure (the server may close an idle connection)."""
    conn = None
    headers = {"Content-Type": "application/json"} if body is not None else {}
    while not stop.is_set():
        started = time.monotonic()
        try:
            if conn is None:
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status == 503 and response.getheader("Retry-After") is None:
                stats.record(started, error="503 without Retry-After")
            else:
                stats.record(started, status=response.status)
        except (OSError, http.client.HTTPException) as e:
            stats.record(started, error=type(e).__name__)
            if conn is not None:
                conn.close()
            conn = None
        if pause:
            stop.wait(pause)
    if conn is not None:
        conn.close()


def probe_loop(port, stop, stats):
    """GET /api/health on a new connection every 100 ms until `stop`: what a load balancer's
    health check does, and what needs a free connection slot each time."""
    while not stop.is_set():
        started = time.monotonic()
        try:
            status, _ = request(port, "GET", "/api/health", timeout=10)
            stats.record(started, status=status)
        except (OSError, http.client.HTTPException) as e:
            stats.record(started, error=type(e).__name__)
        stop.wait(0.1)


def slowloris(port, stop, count, counters):
    """Holds `count` connections open, each sending a request head one byte a second and
    never finishing it; a connection the server closes is opened again."""
    head = b"POST /api/summarize HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 10000
    socks = {}

    def open_one(k):
        try:
            s = socket.create_connection((HOST, port), timeout=5)
            s.setblocking(False)
            socks[k] = [s, 0]
            counters["opened"] += 1
        except OSError:
            counters["refused"] += 1

    for k in range(count):
        open_one(k)
    while not stop.is_set():
        for k in range(count):
            entry = socks.get(k)
            if entry is None:
                open_one(k)
                continue
            s, sent = entry
            try:
                s.send(head[sent % len(head):sent % len(head) + 1])
                entry[1] += 1
            except (BlockingIOError, InterruptedError):
                pass
            except OSError:
                # Closed by the server (the header timeout): count it, open another.
                counters["closed by server"] += 1
                s.close()
                del socks[k]
        stop.wait(1.0)
    for s, _ in socks.values():
        s.close()


def oversized(port, stop, stats, chunked):
    """Posts bodies over the 16 MiB limit until `stop`: with a Content-Length of 17 MiB, or
    chunked without a length, sending 1 MiB pieces until the server answers or hangs up."""
    piece = b"[" + b"1," * (512 * 1024 - 1) + b"1"  # 1 MiB of JSON-looking bytes
    while not stop.is_set():
        started = time.monotonic()
        try:
            s = socket.create_connection((HOST, port), timeout=30)
            try:
                if chunked:
                    head = (
                        "POST /api/summarize HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    )
                else:
                    head = (
                        "POST /api/summarize HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        f"Content-Type: application/json\r\nContent-Length: {17 << 20}\r\n\r\n"
                    )
                s.sendall(head.encode())
                try:
                    for _ in range(17):
                        if chunked:
                            s.sendall(b"%x\r\n" % len(piece) + piece + b"\r\n")
                        else:
                            s.sendall(piece)
                except OSError:
                    pass  # the server answered early and closed: read what it said
                reply = s.recv(4096)
                status = int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/1.1 ") else 0
                stats.record(started, status=status)
            finally:
                s.close()
        except OSError as e:
            stats.record(started, error=type(e).__name__)


def run_phase(seconds, threads):
    stop = threading.Event()
    started = [threading.Thread(target=t, args=(stop,), daemon=True) for t in threads]
    for t in started:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in started:
        t.join(timeout=40)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--herald", default="target/release/herald")
    parser.add_argument("--seconds", type=float, default=20, help="length of each phase")
    parser.add_argument("--summarizers", type=int, default=4)
    parser.add_argument("--readers", type=int, default=2)
    parser.add_argument("--slowloris", type=int, default=300)
    parser.add_argument("--oversized", type=int, default=4)
    parser.add_argument("--overload", type=int, default=24)
    args = parser.parse_args()
    if not os.access(args.herald, os.X_OK):
        sys.exit(f"no herald binary at {args.herald}: cargo build --release -p herald-cli")

    proc, port = start_server(args.herald)
    try:
        status, example = request(port, "GET", "/api/example")
        assert status == 200, status
        body = json.dumps({"cluster": json.loads(example), "words": 100}).encode()
        print(f"herald serve on {HOST}:{port}; {os.cpu_count()} cores; "
              f"phases of {args.seconds:g} s; summarize body {len(body)} bytes "
              f"(the bundled five-article cluster, 100 words)")

        summarize, health = Stats(), Stats()
        threads = [
            lambda stop: client_loop(port, stop, summarize, "POST", "/api/summarize", body)
            for _ in range(args.summarizers)
        ] + [
            lambda stop: client_loop(port, stop, health, "GET", "/api/health")
            for _ in range(args.readers)
        ]
        print(f"\n1. normal load: {args.summarizers} summarize clients and {args.readers} "
              "health clients, back to back, keep-alive")
        run_phase(args.seconds, threads)
        print(summarize.line("POST /api/summarize"))
        print(health.line("GET /api/health"))
        rate = (len(summarize.latencies)) / args.seconds
        print(f"summaries per second: {rate:.1f}")

        probe, shed = Stats(), Stats()
        too_big, too_big_chunked = Stats(), Stats()
        counters = {"opened": 0, "refused": 0, "closed by server": 0}
        threads = [
            lambda stop: slowloris(port, stop, args.slowloris, counters),
            lambda stop: probe_loop(port, stop, probe),
        ] + [
            (lambda chunked: lambda stop: oversized(port, stop,
                                                    too_big_chunked if chunked else too_big,
                                                    chunked))(k % 2 == 1)
            for k in range(args.oversized)
        ]
        print(f"\n2. abuse: slowloris on {args.slowloris} connections, {args.oversized} "
              "clients posting bodies over 16 MiB, a health probe every 100 ms")
        run_phase(args.seconds, threads)
        print(probe.line("GET /api/health probe"))
        print(too_big.line("17 MiB Content-Length", expected=413))
        print(too_big_chunked.line("17 MiB chunked", expected=413))
        print(f"slowloris connections: {counters}")

        overload, overload_probe = Stats(), Stats()
        threads = [
            lambda stop: client_loop(port, stop, overload, "POST", "/api/summarize", body)
            for _ in range(args.overload)
        ] + [lambda stop: probe_loop(port, stop, overload_probe)]
        print(f"\n3. overload: {args.overload} summarize clients back to back, more than the "
              "queue admits (four per core), and the health probe")
        run_phase(args.seconds, threads)
        print(overload.line("POST /api/summarize"))
        with overload.lock:
            shed_count = overload.statuses.get(503, 0)
        print(f"  of which 503 + Retry-After (shed at once): {shed_count}")
        print(overload_probe.line("GET /api/health probe"))
        overload_ok = not overload.errors and set(overload.statuses) <= {200, 503}

        alive = proc.poll() is None
        print(f"server still running: {alive}")
        ok = alive and overload_ok and not (
            summarize.failed() or health.failed() or probe.failed() or overload_probe.failed()
        )
        print("\nresult:", "PASS (no errors, health answered throughout)" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    sys.exit(main())
