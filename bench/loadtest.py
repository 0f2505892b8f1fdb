"""Load test of ``kg serve``: concurrent clients on loopback, mixed queries, bounded in time.

    python bench/loadtest.py [--graph output/graph.ttl] [--clients 20] [--seconds 30]
                             [--hostile 2] [--workers 4]
    python bench/loadtest.py --probe

Starts the real endpoint (uvicorn, 127.0.0.1, a free port) in a subprocess, runs
``--clients`` threads that each send queries in a loop for ``--seconds``, and prints
throughput, p50/p99 latency and the error count. With ``--hostile N``, N more threads
send 1 MB adversarial queries (the shapes that are slowest for the pre-check, and
issue 11's) in a loop; the well-behaved clients' latency is reported on its own, and
the time each hostile query took. ``--probe`` instead sends each hostile query alone,
and two that pyoxigraph cannot finish or survive, while one client asks ``ASK`` every
50 ms: how long each took and the slowest probe meanwhile. Traffic never leaves this
machine.
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

BODY = 999_000  # with a numbered comment line, under the endpoint's default limit of 1,000,000 bytes


def _fill(unit: str, head: str = "SELECT * WHERE { ?s ?p ?o . FILTER(?o = ", tail: str = ") }") -> str:
    return head + unit * ((BODY - len(head) - len(tail)) // len(unit)) + tail


HOSTILE = {  # about 1 MB each; tests/test_sparql.py has the whole catalogue
    "issue 11, FILTER(?o = aaaa...)": _fill("a"),
    "IRIs that are only a quote, <'>": _fill("<'>"),
    "IRIs with a quote, <a'b>": _fill("<a'b>"),
    "unterminated long quotes": _fill("'" * 3 + "a"),
}
ENGINE_BOMBS = {  # small queries that pyoxigraph cannot finish (planner) or survive (parser)
    "planner: an object list of 340 terms (1 KB)": "SELECT * WHERE { ?s ?p " + ",".join(["?o"] * 340) + " }",
    "parser: 10,000 || (40 KB)": "SELECT * WHERE { ?s ?p ?o FILTER(" + "||".join(["?o"] * 10_000) + ") }",
}


def probe(base: str) -> None:
    """Each hostile query alone, with a probe every 50 ms while it is in flight."""
    for name, text in {**HOSTILE, **ENGINE_BOMBS}.items():
        box: list[tuple[float, int]] = []

        def hostile(text: str = text, box: list[tuple[float, int]] = box) -> None:
            t0 = time.perf_counter()
            r = httpx.post(base + "/sparql", content=text.encode(), timeout=60,
                           headers={"Content-Type": "application/sparql-query"})
            box.append((time.perf_counter() - t0, r.status_code))

        thread = threading.Thread(target=hostile)
        thread.start()
        probes = []
        while thread.is_alive():
            t0 = time.perf_counter()
            ok = httpx.get(base + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30).status_code == 200
            probes.append((time.perf_counter() - t0, ok))
            time.sleep(0.05)
        thread.join()
        seconds, status = box[0]
        worst = max((t for t, _ in probes), default=0.0) * 1000
        print(f"{name}: {seconds:.2f} s, HTTP {status}; {len(probes)} probes meanwhile, "
              f"all answered: {all(ok for _, ok in probes)}, slowest {worst:.0f} ms")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--graph", default="output/graph.ttl")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--hostile", type=int, default=0, help="clients that send 1 MB adversarial queries")
    ap.add_argument("--workers", type=int, default=4, help="kg serve --workers")
    ap.add_argument("--probe", action="store_true", help="each hostile query alone, with a probe")
    args = ap.parse_args(argv)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "kg", "serve", args.graph, "--port", str(port),
                               "--workers", str(args.workers)],
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
        if args.probe:
            probe(base)
            return 0
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

        hostile: dict[str, list[tuple[float, int]]] = {name: [] for name in HOSTILE}

        def attacker(seed: int) -> None:
            names = list(HOSTILE)
            with httpx.Client(base_url=base, timeout=60) as http:
                i = seed
                while time.monotonic() < stop:
                    name = names[i % len(names)]
                    i += 1
                    t0 = time.perf_counter()
                    text = f"# {seed} {i}\n" + HOSTILE[name]  # never the same text twice: no cache helps
                    try:
                        status = http.post("/sparql", content=text.encode(),
                                           headers={"Content-Type": "application/sparql-query"}).status_code
                    except httpx.HTTPError:
                        status = -1
                    with lock:
                        hostile[name].append((time.perf_counter() - t0, status))

        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        threads += [threading.Thread(target=attacker, args=(i,)) for i in range(args.hostile)]
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
    print(f"graph {args.graph}: {args.clients} clients + {args.hostile} hostile for {wall:.1f} s on "
          f"127.0.0.1, {args.workers} workers")
    print(f"requests {len(lat)}  throughput {len(lat) / wall:.1f}/s  "
          f"p50 {p(0.50):.1f} ms  p99 {p(0.99):.1f} ms  mean {statistics.mean(lat) * 1000:.1f} ms")
    print(f"answered {counts['ok']}, malformed refused with 400: {counts['400']}, errors: {len(errors)}")
    for e in sorted(set(errors))[:10]:
        print("  error:", e)
    for name, runs in hostile.items() if args.hostile else ():
        if runs:
            times = sorted(t for t, _ in runs)
            statuses = sorted({s for _, s in runs})
            print(f"hostile {name}: {len(runs)} sent, {times[0]:.2f}-{times[-1]:.2f} s "
                  f"(median {times[len(times) // 2]:.2f} s), HTTP {statuses}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
