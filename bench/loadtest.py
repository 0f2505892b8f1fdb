"""Load test of ``kg serve``: concurrent clients on loopback, mixed queries, bounded in time.

    python bench/loadtest.py [--graph output/graph.ttl] [--clients 20] [--seconds 30]

Starts the real endpoint (uvicorn, 127.0.0.1, a free port) in a subprocess, runs
``--clients`` threads that each send queries in a loop for ``--seconds``, and prints
throughput, p50/p99 latency and the error count. Traffic never leaves this machine.
"""
from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import threading
import time

import httpx

QUERIES = [
    ("json", "SELECT ?s ?o WHERE { ?s kg:commands ?o }"),
    ("csv", "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 200"),
    ("json", "SELECT ?c (COUNT(?e) AS ?n) WHERE { ?e a ?c } GROUP BY ?c ORDER BY DESC(?n)"),
    ("json", "SELECT ?a ?c WHERE { ?a kg:partOf+ ?c }"),
    ("json", "SELECT ?sent ?conf WHERE { ?st rdf:predicate kg:operatesIn ; kg:sentence ?sent ; "
             "kg:confidence ?conf } ORDER BY DESC(?conf)"),
    ("turtle", "CONSTRUCT { ?s kg:cooperatesWith ?o } WHERE { ?s kg:cooperatesWith ?o }"),
    ("bad", "SELECT ?x WHERE { ?x }"),  # malformed on purpose: must be a 400, not an error
]
ACCEPT = {"json": "application/sparql-results+json", "csv": "text/csv", "turtle": "text/turtle",
          "bad": "application/sparql-results+json"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--graph", default="output/graph.ttl")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30.0)
    args = ap.parse_args(argv)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "kg", "serve", args.graph, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(base + "/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise SystemExit("server did not start: " + server.stderr.read().decode()[-2000:])
        lat: list[float] = []
        errors: list[str] = []
        counts = {"ok": 0, "400": 0}
        lock = threading.Lock()
        stop = time.monotonic() + args.seconds

        def client(seed: int) -> None:
            rnd = random.Random(seed)
            with httpx.Client(base_url=base, timeout=30) as http:
                while time.monotonic() < stop:
                    kind, q = rnd.choice(QUERIES)
                    t0 = time.perf_counter()
                    try:
                        r = http.post("/sparql", content=q.encode(),
                                      headers={"Content-Type": "application/sparql-query",
                                               "Accept": ACCEPT[kind]})
                        ok = (r.status_code == 400) if kind == "bad" else (r.status_code == 200)
                        err = None if ok else f"{kind}: HTTP {r.status_code}"
                    except httpx.HTTPError as e:
                        err = f"{kind}: {type(e).__name__}"
                    dt = time.perf_counter() - t0
                    with lock:
                        lat.append(dt)
                        if err:
                            errors.append(err)
                        else:
                            counts["400" if kind == "bad" else "ok"] += 1

        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        t0 = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.monotonic() - t0
    finally:
        server.terminate()
        server.wait(timeout=10)
    lat.sort()
    p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000  # noqa: E731
    print(f"graph {args.graph}: {args.clients} clients for {wall:.1f} s on 127.0.0.1")
    print(f"requests {len(lat)}  throughput {len(lat) / wall:.1f}/s  "
          f"p50 {p(0.50):.1f} ms  p99 {p(0.99):.1f} ms  mean {statistics.mean(lat) * 1000:.1f} ms")
    print(f"answered {counts['ok']}, malformed refused with 400: {counts['400']}, errors: {len(errors)}")
    for e in sorted(set(errors))[:10]:
        print("  error:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
