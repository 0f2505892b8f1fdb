"""Fetched pages kept on disk between builds: URL -> the response's body and validators.

``<cache_dir>/<k[:2]>/<k>.json`` holds what a rebuild needs to ask "has it changed?" (the
final URL after redirects, ``ETag``, ``Last-Modified``, the content type, when the body
was received and until when it is fresh by ``Cache-Control: max-age``/``Expires``);
``<k>.body`` holds the body. ``k`` is the SHA-256 of the URL requested. Files are written
atomically (``kg.outputs.write_atomic``); an unreadable entry is a miss. Entries not used
for :data:`KEEP_DAYS` days are removed when a session closes.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from ..outputs import write_atomic

log = logging.getLogger(__name__)

FORMAT = 1
KEEP_DAYS = 30


@dataclass(frozen=True, slots=True)
class CacheEntry:
    """One cached response (its body is kept beside it)."""

    url: str  # the URL requested
    final_url: str  # where the body came from, after redirects
    content_type: str  # the Content-Type header as sent
    etag: str | None
    last_modified: str | None
    fetched: str  # ISO 8601 UTC: when the body was received
    fresh_until: float | None  # epoch seconds; until then no request is needed

    def is_fresh(self, now: float | None = None) -> bool:
        return self.fresh_until is not None and (now or time.time()) < self.fresh_until


class FetchCache:
    """The fetch cache of one folder (``<out>/.kg-web`` in a build)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    @staticmethod
    def key(url: str) -> str:
        return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()

    def _paths(self, url: str) -> tuple[Path, Path]:
        k = self.key(url)
        folder = self.root / k[:2]
        return folder / f"{k}.json", folder / f"{k}.body"

    def load(self, url: str) -> tuple[CacheEntry, bytes] | None:
        """The entry of ``url`` and its body, or ``None``."""
        meta, body = self._paths(url)
        try:
            data = json.loads(meta.read_bytes())
            if data.pop("format", None) != FORMAT:
                return None
            entry = CacheEntry(**data)
            content = body.read_bytes()
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError) as err:  # JSONDecodeError is a ValueError
            log.warning("ignoring unreadable fetch-cache entry %s: %s", meta, err)
            return None
        if entry.url != url:
            return None
        now = time.time()
        for path in (meta, body):  # "used": kept for another KEEP_DAYS
            try:
                os.utime(path, (now, now))
            except OSError:
                pass
        return entry, content

    def save(self, entry: CacheEntry, body: bytes | None = None) -> None:
        """Write ``entry`` (and ``body``, unless only the validators changed) atomically."""
        meta, path = self._paths(entry.url)
        meta.parent.mkdir(parents=True, exist_ok=True)
        if body is not None:
            write_atomic(path, body)
        write_atomic(meta, json.dumps({"format": FORMAT, **asdict(entry)}, ensure_ascii=False,
                                      sort_keys=True))

    def prune(self, keep_days: float = KEEP_DAYS) -> int:
        """Remove entries unused for ``keep_days`` days (and temporary files); return how many."""
        if not self.root.is_dir():
            return 0
        cutoff = time.time() - keep_days * 86400
        removed = 0
        for path in self.root.glob("*/*"):
            try:
                old = path.stat().st_mtime < cutoff
            except OSError:
                continue
            if old or path.name.endswith(".tmp"):
                path.unlink(missing_ok=True)
                removed += path.suffix == ".json"
        return removed
