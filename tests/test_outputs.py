"""kg.outputs: the one atomic writer and the one build lock, tried with real processes."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from corpora import SEED, lock_is_held

from kg.models import KGError
from kg.outputs import LOCK_FILE, atomic_writer, build_lock, replace_folder, write_atomic


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def kg_build(*args, **popen):
    """``python -m kg build ARGS`` as a child process."""
    return subprocess.Popen([sys.executable, "-m", "kg", "build", *map(str, args)], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)


def wait_until(condition, proc, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition():
        assert proc.poll() is None, f"the process ended early: {proc.communicate()}"
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


# --------------------------------------------------------------------------- the writer


def test_write_atomic_replaces_the_file_with_shared_permissions(tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_text("old\n")
    assert write_atomic(target, "new ü\n") == target
    assert target.read_bytes() == "new ü\n".encode()
    assert target.stat().st_mode & 0o777 == 0o644
    write_atomic(target, b"\x00bytes")
    assert target.read_bytes() == b"\x00bytes" and _files(tmp_path) == ["graph.ttl"]


def test_a_failure_inside_a_streamed_write_keeps_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "graph.trig"
    target.write_bytes(b"the previous build\n")
    with pytest.raises(RuntimeError, match="serialiser failed"):
        with atomic_writer(target) as fh:
            fh.write(b"half of the new ")
            raise RuntimeError("serialiser failed")
    assert target.read_bytes() == b"the previous build\n"
    assert _files(tmp_path) == ["graph.trig"]


def test_a_failed_rename_keeps_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "graph.html"
    target.write_text("old")

    def full_disk(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, "new")
    assert target.read_text() == "old" and _files(tmp_path) == ["graph.html"]


def test_an_interrupt_during_a_write_leaves_no_temporary_file(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        with atomic_writer(tmp_path / "graph.ttl") as fh:
            fh.write(b"x")
            raise KeyboardInterrupt
    assert _files(tmp_path) == []


def test_replace_folder_swaps_a_folder_in_and_removes_the_old_one(tmp_path):
    target = tmp_path / "graph-neo4j"
    target.mkdir()
    (target / "stale.csv").write_text("old")
    fresh = tmp_path / "staged"
    fresh.mkdir()
    (fresh / "nodes.csv").write_text("new")
    replace_folder(fresh, target)
    assert _files(target) == ["nodes.csv"] and _files(tmp_path) == ["graph-neo4j"]


# --------------------------------------------------------------------------- the lock


def test_the_lock_refuses_a_second_holder_and_is_free_afterwards(tmp_path):
    with build_lock(tmp_path):
        assert lock_is_held(tmp_path)
        assert (tmp_path / LOCK_FILE).read_text().strip() == str(os.getpid())
        with pytest.raises(KGError, match=rf"is being built by another kg process \(pid {os.getpid()}\)"):
            with build_lock(tmp_path):
                pass  # pragma: no cover
    assert not lock_is_held(tmp_path)
    with build_lock(tmp_path):  # the file stayed; taking it again is fine
        pass


@pytest.mark.parametrize("left_behind", ["", "not a pid", "1", "{pid}"])
def test_a_lock_file_nobody_holds_never_blocks_a_build(tmp_path, left_behind):
    """Whatever a dead build left in the file (nothing, garbage, a live pid, our own pid)."""
    (tmp_path / LOCK_FILE).write_text(left_behind.format(pid=os.getpid()))
    with build_lock(tmp_path):
        assert lock_is_held(tmp_path)


def test_a_held_lock_whose_file_is_still_empty_refuses_a_second_build(tmp_path):
    """Issue 11's race: the first build has the lock but has not written its pid yet."""
    import fcntl

    fd = os.open(tmp_path / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)  # another open file: another holder
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert (tmp_path / LOCK_FILE).read_bytes() == b""
        with pytest.raises(KGError, match=r"is being built by another kg process; wait"):
            with build_lock(tmp_path):
                pass  # pragma: no cover
    finally:
        os.close(fd)
    with build_lock(tmp_path):
        assert lock_is_held(tmp_path)


HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from kg.models import KGError
    from kg.outputs import build_lock
    out, start = Path(sys.argv[1]), float(sys.argv[2])
    while time.time() < start:
        time.sleep(0.001)
    try:
        with build_lock(out):
            print("entered", flush=True)
            time.sleep(1.5)
    except KGError as err:
        print("refused:", err, flush=True)
""")


def test_two_processes_racing_for_the_lock_never_both_enter(tmp_path):
    for _ in range(3):
        start = time.time() + 1.0  # both ask for the lock at the same moment
        procs = [subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path), repr(start)], text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
        outcomes = sorted(p.communicate(timeout=60)[0].split(":")[0].strip() for p in procs)
        assert outcomes == ["entered", "refused"], outcomes


@pytest.mark.slow
def test_a_second_build_is_refused_while_the_first_holds_the_lock_and_runs_after_it_is_killed(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    # the first build reads its article from a pipe that stays open: it holds the lock meanwhile
    first = kg_build("-", "--out", out, "--no-view", stdin=subprocess.PIPE, cwd=tmp_path)
    try:
        wait_until(lambda: lock_is_held(out), first)
        second = kg_build(SEED, "--out", out, cwd=tmp_path)
        _, err = second.communicate(timeout=120)
        assert second.returncode == 1, err
        assert f"{out} is being built by another kg process (pid {first.pid})" in err
        assert "Traceback" not in err and not (out / "graph.ttl").exists()
    finally:
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=30)
    assert first.returncode == -signal.SIGKILL
    third = kg_build(SEED, "--out", out, cwd=tmp_path)
    _, err = third.communicate(timeout=120)
    assert third.returncode == 0, err
    assert (out / "graph.ttl").is_file() and not lock_is_held(out)
