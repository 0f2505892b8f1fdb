"""A JSONL corpus -> ``Article``s, one a line; a bad line is skipped with its line number."""
from __future__ import annotations

import json
from collections.abc import Iterator

from ..models import Article, Skipped
from .articles import articles_from_text


def read_jsonl(data: str, source: str) -> Iterator[Article | Skipped]:
    """Articles from a JSONL corpus; a bad line is skipped with its line number."""
    for n, line in enumerate(data.split("\n"), start=1):  # not splitlines(): U+2028 is valid in JSON
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        where = f"{source}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as err:
            yield Skipped(where, f"malformed JSON ({err.msg.removesuffix(' at')} at column {err.colno})")
            continue
        except RecursionError:
            yield Skipped(where, "malformed JSON (nested too deeply)")
            continue
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or not rec["text"].strip():
            yield Skipped(where, 'no "text" field with article text')
            continue
        meta = {k: str(rec[k]) for k in ("title", "author", "publisher", "date", "url", "id")
                if isinstance(rec.get(k), (str, int, float)) and rec[k] != ""}
        yield from articles_from_text(rec["text"], where, **meta, extractor="plain text")
