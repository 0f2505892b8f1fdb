"""Corpus helpers the tests import by name (``from corpora import SEED, write_corpus``):
a module of its own, because ``from conftest import ...`` finds whichever conftest.py
was imported first (tests/use has one too) when pytest runs a few folders at once."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "peru-synergy-against-narcotrafficking.txt"


# Small articles for corpus-level tests (cache, scale, distributed builds), one per file.
SMALL_TEXTS = {
    "a": "General Ana Ruiz, commander of the Colombian Army, visited Lima. The Colombian Army works "
         "with the National Police of Peru in the Putumayo region.",
    "b": "Admiral Rosa Vega commands the Chilean Navy. The Chilean Navy cooperates with the National "
         "Police of Peru.",
    "c": "The Ecuadorian Army deployed troops in Sucumbios and Esmeraldas. The Coast Guard is part of "
         "the Colombian Navy.",
    "d": "The National Police of Peru fights drug trafficking in the VRAEM. Colonel Mark Diaz, the head "
         "of the National Police of Peru, spoke on Monday.",
    "e": "Captain Luis Soto, of the Ecuadorian Navy, led the patrol. The summit took place in Quito, "
         "Ecuador, on Monday.",
}


def lock_is_held(folder: Path) -> bool:
    """Whether a process holds the build lock of ``folder`` (the lock file itself may stay)."""
    import fcntl
    import os

    from kg.outputs import LOCK_FILE

    try:
        fd = os.open(folder / LOCK_FILE, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def write_corpus(folder: Path, texts: dict[str, str]) -> Path:
    """Write ``{file name: text}`` into a new ``folder``; return it."""
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
