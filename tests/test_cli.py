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
