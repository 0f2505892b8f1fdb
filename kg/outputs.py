"""Output files: bytes -> a file that readers see whole or not at all; one build per folder.

The one writer and the one lock of the package; every room that writes a file uses them.

* :func:`write_atomic` (whole content) and :func:`atomic_writer` (streamed, a binary
  file object) write to a temporary file beside the target, flush and ``fsync`` it,
  make it ``0644`` (``mkstemp`` creates ``0600``; outputs are meant to be shared) and
  rename it into place, then ``fsync`` the folder. A reader sees the old file or the new
  one, never half of one; after a power cut, the new one once the call has returned.
  On any failure, an exception inside the ``with`` block included, the temporary file
  is removed and the target is left as it was.
* :func:`replace_folder` swaps a finished folder in for an old one (the neo4j export,
  the Oxigraph store).
* :func:`build_lock` lets one build at a time write into a folder: ``fcntl.flock`` on
  ``<folder>/.kg-build.lock``. The kernel releases the lock when its holder exits, killed
  or not, so a dead build never blocks the next one; the file itself stays (deleting a
  lock file that another process may be opening would let two builds in).

The lock needs ``fcntl`` (POSIX); the writer does not.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .models import KGError

LOCK_FILE = ".kg-build.lock"
"""The lock file in an output folder (kept between builds; its content is the last holder's pid)."""


def write_atomic(path: Path, data: bytes | str, *, durable: bool = True) -> Path:
    """Write ``data`` (``str`` as UTF-8) to ``path`` atomically and (unless ``durable`` is
    False) durably; return ``path``."""
    with atomic_writer(path, durable=durable) as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@contextmanager
def atomic_writer(path: Path, *, durable: bool = True) -> Iterator[BinaryIO]:
    """A binary file object whose content replaces ``path`` when the block ends without error.

    Durable: the file and its folder are synced to disk before this returns. Without it
    (for files that can be made again, like the build cache's records) a crash may lose the
    new file or leave an empty one, never a half-written one in place of the old.

    >>> with atomic_writer(Path("graph.nt")) as fh:   # doctest: +SKIP
    ...     fh.write(b"<http://ex.org/s> <http://ex.org/p> <http://ex.org/o> .\\n")
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if durable:
        sync_folder(path.parent)


def replace_folder(fresh: Path, target: Path) -> Path:
    """Put the folder ``fresh`` at ``target``: renames only, so ``target`` is the old folder or
    the new one at every moment; the old one is removed afterwards. Returns ``target``."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.replace(target, old / target.name)
    os.replace(fresh, target)
    sync_folder(target.parent)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return target


def sync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` durable (best effort: some file systems cannot)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def build_lock(folder: Path) -> Iterator[None]:
    """Hold the build lock of ``folder`` for the block; raise ``KGError`` at once when another
    process holds it."""
    import fcntl  # POSIX only: imported here, so that writing files works everywhere

    path = Path(folder) / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise KGError(f"Cannot create the lock file {path}: {err.strerror or err}. Check that "
                      f"{folder} is writable, or choose another --out.") from err
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as err:
            pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            holder = f" (pid {pid})" if pid.isdigit() else ""
            raise KGError(f"{folder} is being built by another kg process{holder}; wait for it "
                          f"to finish, or choose another --out.") from err
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # releases the lock; the file stays for the next build
