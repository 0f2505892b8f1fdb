#!/usr/bin/env python3
"""``make eval``: every extraction figure of docs/EVALUATION.md, measured with the shared scorers.

    python eval/run.py [--shared ../shared/eval] [--out eval-out] [--quick] [--skip curve,bench]

Needs the evaluation data beside the project (``../shared/eval``: the annotated development
and training articles, CoNLL04 and the scorers); says so and stops when it is absent. The
project itself (``make test``, ``kg build``) never needs it.

What it prints, in order:
  seed        the seed article built with the shipped model, scored against its reference graph
  dev-cv      dev ``train`` split, cross-validated: ``kg train`` on the dev train split + the
              training-only articles (+ CoNLL04 train) writes one model per fold; each dev train
              article is built with the model of the fold that did not see it and scored
  dev-test    dev ``test`` split built with the shipped model (trained without those articles)
  entities    entity recall, duplicates and over-merged nodes over all 48 dev articles
  corpus      the 48 dev articles built together (things split / nodes joining things)
  conll04     CoNLL04 dev sentences, four relation types
  curve       dev ``test`` F1 against the number of training articles
  bench       end-to-end words/s against bare spaCy (bench/run.py --quick)
Each figure is printed as the scorer prints it and collected in ``<out>/results.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
KG = str(BIN / "kg")
PY = sys.executable
RELATIONS = ("commands", "memberOf", "partOf", "operatesIn", "cooperatesWith", "locatedIn",
             "participatesIn", "counters", "country")


def run(cmd: list[str], env: dict[str, str] | None = None, timeout: int = 3600) -> str:
    r = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=timeout)
    if r.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{r.stderr[-3000:]}")
    return r.stdout


def last_line(text: str) -> str:
    return [x for x in text.strip().splitlines() if x.strip()][-1]


Job = tuple[str, Path, Path, dict[str, str], list[str]]  # name, text, gold, environment, build flags


def score_builds(shared: Path, jobs: list[Job], work: Path) -> dict:
    """Build each job's text with ``kg build`` and score it with the shared scorer;
    micro-averaged totals and per-relation counts."""
    sys.path.insert(0, str(shared))
    import score as S  # the shared scorer

    def one(job: Job) -> dict:
        name, text, gold, env, flags = job
        out = work / name
        run([KG, "build", str(text), "--out", str(out), "--no-view", "--quiet", *flags], env)
        return S.score(json.loads(gold.read_text(encoding="utf-8")), S.load_graph([str(out / "graph.ttl")]), None)

    tot: Counter[str] = Counter()
    per: dict[str, Counter[str]] = {r: Counter() for r in RELATIONS}
    with ThreadPoolExecutor(2) as ex:
        for res in ex.map(one, jobs):
            R = res["relations"]
            tot.update(tp=R["tp"], fp=R["fp"], found=R["gold_found"], req=R["gold_required"])
            for rel, v in R["per_relation"].items():
                per.setdefault(rel, Counter()).update(found=v["found"], gold=v["gold"], wrong=v["false_pos"])
    p = tot["tp"] / max(1, tot["tp"] + tot["fp"])
    r = tot["found"] / max(1, tot["req"])
    f = 2 * p * r / max(1e-9, p + r)
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "found": tot["found"],
            "required": tot["req"], "wrong": tot["fp"], "articles": len(jobs),
            "per_relation": {k: dict(v) for k, v in per.items()}}


def line(d: dict) -> str:
    return (f"relations F1 {d['f1']:.3f} (P {d['precision']:.3f} R {d['recall']:.3f}; "
            f"{d['found']}/{d['required']} gold, {d['wrong']} wrong) over {d['articles']} articles")


def table(d: dict) -> str:
    return "\n".join(f"    {k:15} found {v.get('found', 0):4}/{v.get('gold', 0):<4} wrong {v.get('wrong', 0)}"
                     for k, v in sorted(d["per_relation"].items()))


def train_cmd(shared: Path, out: Path, extra: list[str]) -> list[str]:
    return [KG, "train", str(shared / "dev"), str(shared / "train"), "--conll04",
            str(shared / "conll04" / "train.jsonl"), "--out", str(out), *extra]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared" / "eval"))
    ap.add_argument("--out", default=str(ROOT / "eval-out"))
    ap.add_argument("--skip", default="", help="comma-separated steps to skip (e.g. curve,bench)")
    a = ap.parse_args()
    shared = Path(a.shared)
    if not (shared / "score.py").is_file() or not (shared / "dev" / "gold").is_dir():
        print(f"make eval: the evaluation data is not at {shared} (clone the project beside ../shared, "
              "or pass --shared PATH). Nothing was measured.", file=sys.stderr)
        return 2
    skip = set(filter(None, a.skip.split(",")))
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    results: dict[str, object] = {}
    split = json.loads((shared / "dev" / "SPLIT.json").read_text(encoding="utf-8"))

    def step(name: str) -> bool:
        if name in skip:
            return False
        print(f"\n== {name}", flush=True)
        return True

    if step("seed"):
        run([KG, "build", str(ROOT / "seeds"), "--out", str(out / "seed"), "--no-view", "--quiet"])
        text = run([PY, str(shared / "score.py"), "--gold", str(shared / "seed-gold.json"),
                    str(out / "seed" / "graph.ttl")])
        print(last_line(text))
        results["seed"] = last_line(text)

    if step("dev-cv"):
        folds_dir = out / "folds"
        started = time.perf_counter()
        text = run(train_cmd(shared, out / "cv-model.npz", ["--fold-models", str(folds_dir)]))
        print(text.rstrip())
        fold_of = json.loads((folds_dir / "folds.json").read_text(encoding="utf-8"))
        texts = {n: (shared / "dev" / "texts" / f"{n}.txt", shared / "dev" / "gold" / f"{n}.json")
                 for n in split["train"]}
        model_of = {n: str(folds_dir / f"fold-{fold_of['dev/' + n]}.npz") for n in texts}
        jobs: list[Job] = [(f"dev-cv/{n}", t, g, {"KG_RELATION_MODEL": model_of[n]}, [])
                           for n, (t, g) in texts.items()]
        d = score_builds(shared, jobs, out)
        d["train_seconds"] = round(time.perf_counter() - started)
        print("DEV train, cross-validated:", line(d))
        print(table(d))
        results["dev_train_cv"] = d
        rules = score_builds(shared, [(f"dev-rules/{n}", t, g, {}, ["--no-classifier"])
                                      for n, (t, g) in texts.items()], out)
        print("DEV train, rules only:      ", line(rules))
        results["dev_train_rules_only"] = rules

    if step("dev-test"):
        text = run([PY, str(shared / "dev.py"), "--split", "test", "--kg", KG, "--jobs", "2"])
        print(text.rstrip())
        results["dev_test"] = last_line(text)

    if step("entities"):
        text = run([PY, str(shared / "dev.py"), "--split", "all", "--kg", KG, "--jobs", "2"])
        print(last_line(text))
        results["dev_all"] = last_line(text)

    if step("corpus"):
        text = run([PY, str(shared / "corpus.py"), "--kg", KG])
        print(last_line(text))
        results["corpus"] = last_line(text)

    if step("conll04"):
        text = run([PY, str(shared / "conll04.py"), "--split", "dev", "--kg", KG])
        print(text.rstrip())
        results["conll04_dev"] = last_line(text)

    if step("curve"):
        curve = {}
        for n in (10, 20, 40, 84):
            model = out / f"curve-{n}.npz"
            run(train_cmd(shared, model, ["--limit", str(n)]))
            text = run([PY, str(shared / "dev.py"), "--split", "test", "--kg", KG, "--jobs", "2"],
                       {"KG_RELATION_MODEL": str(model)})
            m = re.search(r"F1 ([0-9.]+) \(P ([0-9.]+) R ([0-9.]+)", last_line(text))
            curve[n] = last_line(text)
            print(f"  {n:3} training articles: dev test {m.group(0) if m else last_line(text)}")
        results["learning_curve"] = curve

    if step("bench"):
        text = run([PY, str(ROOT / "bench" / "run.py"), "--quick"])
        print(text.rstrip())
        results["bench"] = text.strip().splitlines()[-5:]

    (out / "results.json").write_text(json.dumps(results, indent=1, sort_keys=True), encoding="utf-8")
    print(f"\nwrote {out / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
