"""A 50-item RSS feed over loopback: build, then rebuild, with the request counts.

    python bench/feed.py

Serves tests/ingest/newssite.py on 127.0.0.1 (each item links to a page with navigation,
boxes and a footer), runs ``kg build URL --allow-private --fetch-delay 0`` twice into
one folder and prints wall time, articles, requests and bodies downloaded for each run.
"""
from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    spec = importlib.util.spec_from_file_location("newssite", ROOT / "tests" / "ingest" / "newssite.py")
    newssite = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(newssite)  # type: ignore[union-attr]
    print("| run | wall s | articles | requests | bodies downloaded |")
    print("|---|---|---|---|---|")
    with newssite.NewsSite() as site, tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "kg", "build", site.url("/many.rss"), "--allow-private",
               "--fetch-delay", "0", "--out", str(Path(tmp) / "out"), "--no-view"]
        for run in ("build", "rebuild"):
            requests, bodies = sum(site.requests.values()), sum(site.bodies.values())
            started = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900, cwd=tmp)
            seconds = time.perf_counter() - started
            if proc.returncode:
                sys.exit(proc.stderr)
            built = next(line for line in proc.stdout.splitlines() if line.startswith("Built "))
            print(f"| {run} | {seconds:.1f} | {built.split()[1]} | {sum(site.requests.values()) - requests} "
                  f"| {sum(site.bodies.values()) - bodies} |", flush=True)


if __name__ == "__main__":
    main()
