"""The CLI: every command has help; build prints a summary and fails clearly."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def _commands():
    import typer.main

    return sorted(typer.main.get_command(app).commands)


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output and len(result.output) > 200


def test_build_summary_and_explain(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Admiral Rosa Vega, commander of the Chilean Navy, visited Lima, Peru.")
    result = runner.invoke(app, ["build", str(src), "--out", str(tmp_path / "o"), "--no-view", "--explain"])
    assert result.exit_code == 0, result.output
    assert "Rosa Vega --commands--> Chilean Navy" in result.output
    assert "Entities by class:" in result.output and "commands" in result.output
    assert (tmp_path / "o" / "graph.ttl").is_file()


def test_build_with_nothing_readable_exits_1_without_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(tmp_path / "nope.txt"),
                           "--out", str(tmp_path / "o")], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "no such file or directory" in proc.stderr and "Traceback" not in proc.stderr


def test_bad_option_exits_2(tmp_path):
    result = runner.invoke(app, ["build", "x", "--min-confidence", "7"])
    assert result.exit_code == 2


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli-built")
    src = out / "a.txt"
    src.write_text("Admiral Rosa Vega, commander of the Chilean Navy, visited Lima, Peru. The Chilean Navy "
                   "works with the Peruvian Navy.")
    assert runner.invoke(app, ["build", str(src), "--out", str(out), "--no-view", "-q"]).exit_code == 0
    return out / "graph.ttl"


def test_query_inline_and_file_and_formats(built):
    inline = runner.invoke(app, ["query", "SELECT ?n WHERE { ?p kg:commands ?o . ?p rdfs:label ?n }",
                                 "--graph", str(built), "--format", "csv"])
    assert inline.exit_code == 0 and inline.output.splitlines() == ["n", "Rosa Vega"]
    rq = runner.invoke(app, ["query", str(ROOT / "queries" / "commands.rq"), "-g", str(built), "-f", "json"])
    assert rq.exit_code == 0 and '"Chilean Navy"' in rq.output


def test_query_errors_are_messages(built):
    bad = runner.invoke(app, ["query", "SELECT ?x WHERE { ?x ?y }", "-g", str(built)])
    assert bad.exit_code == 1 and "line 1" in bad.output and "Traceback" not in bad.output
    upd = runner.invoke(app, ["query", "DELETE WHERE { ?s ?p ?o }", "-g", str(built)])
    assert upd.exit_code == 1


def test_export_stats_validate(built, tmp_path):
    ex = runner.invoke(app, ["export", "-f", "graphml", "-g", str(built), "-o", str(tmp_path / "g.graphml")])
    assert ex.exit_code == 0 and (tmp_path / "g.graphml").is_file()
    st = runner.invoke(app, ["stats", str(built), "--format", "json"])
    assert st.exit_code == 0 and '"entities"' in st.output
    va = runner.invoke(app, ["validate", str(built)])
    assert va.exit_code == 0 and "Conforms: True" in va.output


def test_build_formats_store_and_skips_listed_at_the_end(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Admiral Rosa Vega, commander of the Chilean Navy, visited Lima, Peru.")
    out = tmp_path / "o"
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(src), str(tmp_path / "missing.txt"),
                           "--out", str(out), "--no-view", "--formats", "jsonld,graphml",
                           "--store", f"oxigraph:{out / 'store'}"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (out / "graph.jsonld").is_file() and (out / "graph.graphml").is_file()
    assert proc.stderr.rstrip().endswith("missing.txt: no such file or directory")
    q = runner.invoke(app, ["query", "SELECT ?o WHERE { ?s kg:commands ?o }", "--store",
                            f"oxigraph:{out / 'store'}", "--format", "csv"])
    assert q.exit_code == 0 and len(q.output.splitlines()) == 2


def test_unknown_build_format_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["build", "x", "--formats", "png"])
    assert result.exit_code == 2


# --------------------------------------------------------------------------- choices and the base


CHOICES = [
    (["query", "ASK {}", "--engine", "sparql"], "--engine", ["oxigraph", "rdflib"]),
    (["query", "ASK {}", "-f", "yaml"], "--format", ["table", "csv", "tsv", "json", "xml", "turtle", "ntriples"]),
    (["export", "-f", "png"], "--format", ["turtle", "jsonld", "graphml", "neo4j"]),
    (["stats", "-f", "yaml"], "--format", ["text", "json"]),
    (["validate", "--inference", "owl"], "--inference", ["rdfs", "none", "owlrl", "both"]),
    (["build", "x", "--engine", "ray"], "--engine", ["local", "dask"]),
    (["build", "x", "--formats", "jsonld,png"], "--formats", ["jsonld", "graphml"]),
]


@pytest.mark.parametrize("args,option,choices", CHOICES)
def test_an_invalid_choice_is_a_usage_error_that_lists_the_choices(args, option, choices):
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert option in result.output and all(c in result.output for c in choices)
    help_text = runner.invoke(app, [args[0], "--help"]).output
    assert all(c in help_text for c in choices)


def test_the_cli_choices_are_the_librarys():
    from kg import cli
    from kg.pipeline import ENGINES
    from kg.use.export import FORMATS
    from kg.use.results import RESULT_FORMATS
    from kg.use.validate import INFERENCE

    values = lambda enum: tuple(e.value for e in enum)  # noqa: E731
    assert values(cli.BuildEngine) == tuple(ENGINES)
    assert values(cli.ResultFormat) == tuple(RESULT_FORMATS)
    assert values(cli.ExportFormat) == tuple(FORMATS)
    assert values(cli.Inference) == tuple(INFERENCE)


@pytest.mark.parametrize("base", ["http://ex.org/a b/", "ex.org/kg/", "http://ex.org/<kg>/"])
def test_an_invalid_base_is_refused_before_the_build(tmp_path, base):
    from kg.models import KGError
    from kg.pipeline import BuildOptions

    src = tmp_path / "a.txt"
    src.write_text("Admiral Rosa Vega commands the Chilean Navy.")
    result = runner.invoke(app, ["build", str(src), "--out", str(tmp_path / "o"), "--base", base])
    assert result.exit_code == 2 and "--base" in result.output and "cannot start an IRI" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "o").exists()
    with pytest.raises(KGError, match="cannot start an IRI"):
        BuildOptions(base=base)
