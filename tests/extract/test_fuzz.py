"""Random word salads from the seed and dev articles: extraction never crashes or hangs."""
from __future__ import annotations

import random
from pathlib import Path

from kg.ingest import make_article, read_inputs

ROOT = Path(__file__).resolve().parents[2]


def test_random_texts_extract_without_error(nlp):
    from kg.extract import extract

    words = " ".join(a.text for a in read_inputs([ROOT / "seeds", ROOT / "tests" / "data" / "dev"])).split()
    rnd = random.Random(2026)
    done = 0
    for _ in range(250):
        text = " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 80)))
        if rnd.random() < 0.3:
            text = f"Daily Lens: {text}?\n\nGen. Ana Ruiz: We {text}"
        try:
            article = make_article(text, "<fuzz>")
        except ValueError:  # refused as input (e.g. a lone title line): a message, not a crash
            done += 1
            continue
        ex = extract(nlp(article.text), article)
        ids = {e.id for e in ex.entities}
        assert all(r.subject in ids and r.object in ids for r in ex.relations)
        done += 1
    assert done == 250
