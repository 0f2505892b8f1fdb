"""Shared fixtures: the real spaCy pipeline, the seed article, and one real build of it."""
from __future__ import annotations

import pytest
from corpora import ROOT, SEED, SEEDS, SMALL_TEXTS, lock_is_held, write_corpus

__all__ = ["ROOT", "SEED", "SEEDS", "SMALL_TEXTS", "lock_is_held", "write_corpus"]


@pytest.fixture(scope="session")
def nlp():
    from kg.extract.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """The seed built once per session into a temporary folder: (graph, report, out dir)."""
    import kg
    from kg.pipeline import BuildOptions

    out = tmp_path_factory.mktemp("seed-build")
    graph, report = kg.build([SEED], out=out, options=BuildOptions(view=True))
    return graph, report, out


@pytest.fixture(scope="session")
def extract(nlp):
    """Extract plain sentences with the real pipeline: ``extract(text) -> Extraction``."""
    from kg.extract import extract as run
    from kg.ingest import make_article

    def go(text: str, **meta):
        article = make_article(text, "<test>", **meta)
        return run(nlp(article.text), article)

    return go
