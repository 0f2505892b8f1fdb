"""A synthetic news corpus for the benchmark: ``generate(n)`` -> JSONL records.

How it is made (deterministic for a given ``n`` and ``seed``):

* every article is a real text from this repository with the names varied: the seed
  article (``seeds/``: its opening two paragraphs plus a random run of its interview
  answers), one of the development articles (``tests/data/dev/``), and three example
  sentences from the relation-rule registry (``kg.extract.rules.RULES``);
* the countries of the text are permuted (country, demonym and capital move together:
  "Peruvian Navy" -> "Chilean Navy", "Lima" -> "Santiago"), and every person is renamed
  from a pool of 48 first and 64 family names (full names and short forms together:
  "José Luis Paredes Lora" / "Adm. Paredes" -> "Marta Quiroga" / "Adm. Quiroga");
* a header is added as JSONL fields: title (the first words of the text), author, publisher, date.

So entity names repeat across articles the way news does (countries, the National
Police, the Armed Forces), people vary, and the article mix is ~600 words on average.

    python bench/corpus.py 1000 corpus.jsonl
    python bench/corpus.py 2000 corpus.jsonl --wide-names   # people with two family names
"""
from __future__ import annotations

import json
import random
import re
import sys
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "peru-synergy-against-narcotrafficking.txt"
DEV = ROOT / "tests" / "data" / "dev"

# country, demonym, capital: permuted together
COUNTRIES: tuple[tuple[str, str, str], ...] = (
    ("Peru", "Peruvian", "Lima"), ("Chile", "Chilean", "Santiago"),
    ("Colombia", "Colombian", "Bogotá"), ("Ecuador", "Ecuadorian", "Quito"),
    ("Argentina", "Argentine", "Buenos Aires"), ("Brazil", "Brazilian", "Brasília"),
    ("Bolivia", "Bolivian", "La Paz"), ("Paraguay", "Paraguayan", "Asunción"),
    ("Uruguay", "Uruguayan", "Montevideo"), ("Mexico", "Mexican", "Mexico City"),
    ("Guatemala", "Guatemalan", "Guatemala City"), ("Honduras", "Honduran", "Tegucigalpa"),
    ("Panama", "Panamanian", "Panama City"), ("El Salvador", "Salvadoran", "San Salvador"),
    ("Dominican Republic", "Dominican", "Santo Domingo"), ("Costa Rica", "Costa Rican", "San José"),
)
# people of the template texts: full name -> short forms used later in the text
PEOPLE: dict[str, tuple[str, ...]] = {
    "José Luis Paredes Lora": ("Paredes",), "Juan Pérez Salazar": ("Pérez",),
    "Manuel Marulanda": ("Marulanda",), "Luis Cresencio Sandoval": ("Sandoval",),
    "Craig Faller": ("Faller",), "Humberto Ruiz": (), "Patricia Bullrich": ("Bullrich",),
    "Flávio Dino": ("Dino",), "Ana Ruiz": (), "Carlos Mendez": (), "Mark Diaz": (),
    "Tomas Paiva": (), "Rosa Vega": (), "Luis Soto": (), "Maria Lopez": (),
    "Geraldine Cook": (), "Carlos Ruiz": (),
}
FIRST = ("Ana Beatriz Carlos Daniel Elena Fernando Gabriela Hector Irene Jorge Karina Lucas "
         "Marta Nicolas Olga Pablo Raquel Sergio Teresa Ulises Valeria Walter Ximena Yolanda "
         "Andres Bruno Camila Diego Esteban Flor Gustavo Hilda Ignacio Julia Lorena Mateo "
         "Natalia Oscar Paula Ramiro Sofia Tomas Ursula Victor Wilma Alvaro Cecilia Emilio").split()
LAST = ("Quiroga Benitez Cardenas Dominguez Echeverria Figueroa Gallardo Herrera Ibarra Jaramillo "
        "Lozano Montoya Navarro Ocampo Pacheco Quintero Rosales Sandoval Trujillo Urrutia Valencia "
        "Zamora Aguirre Bustos Cisneros Delgado Escobar Fuentes Guerrero Hidalgo Iglesias Juarez "
        "Lara Medina Nunez Orozco Pineda Quevedo Rivas Salinas Tapia Ugarte Vargas Villalobos "
        "Arce Barrios Castro Duarte Espinoza Franco Godoy Hurtado Izquierdo Leon Maldonado "
        "Molina Ortega Palacios Ramos Serrano Toledo Ulloa Vera Zuniga").split()
PUBLISHERS = ("Diálogo", "Andean Monitor", "Southern Wire", "Pacific Defense Review")


@lru_cache(maxsize=1)
def _templates() -> tuple[list[str], list[tuple[str, str]], list[str]]:
    """(seed paragraphs, [(title, body)] of the dev articles, rule example sentences)."""
    from kg.extract.rules import RULES
    from kg.ingest import read_inputs
    from kg.models import Article

    [seed] = [a for a in read_inputs([SEED]) if isinstance(a, Article)]
    paragraphs = [p for p in seed.text.split("\n\n") if p.strip()]
    dev = [(a.title or "Report", a.text) for a in read_inputs([DEV]) if isinstance(a, Article)]
    examples = [e.text for r in RULES for e in r.examples]
    return paragraphs, dev, examples


def _renamer(rng: random.Random, wide: bool = False) -> tuple[re.Pattern[str], dict[str, str]]:
    perm = list(COUNTRIES)
    rng.shuffle(perm)
    table: dict[str, str] = {}
    for (c0, d0, k0), (c1, d1, k1) in zip(COUNTRIES, perm):
        table.update({c0: c1, d0: d1, k0: k1})
    for full, shorts in PEOPLE.items():
        first, last = rng.choice(FIRST), rng.choice(LAST)
        table[full] = f"{first} {last} {rng.choice(LAST)}" if wide else f"{first} {last}"
        for s in shorts:
            table[s] = last
    keys = sorted(table, key=len, reverse=True)
    rx = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, keys)) + r")(?!\w)")
    return rx, table


def article(i: int, seed: int = 0, wide: bool = False) -> dict[str, str]:
    """The ``i``-th article of the corpus as a JSONL record (``wide``: see :func:`generate`)."""
    rng = random.Random(f"{seed}:{i}")
    paragraphs, dev, examples = _templates()
    rx, table = _renamer(rng, wide)
    start = rng.randrange(2, len(paragraphs) - 6)
    body = paragraphs[:2] + paragraphs[start: start + rng.randint(3, 6)]
    _, dev_body = dev[rng.randrange(len(dev))]
    body.append(dev_body)
    body.append(" ".join(rng.sample(examples, 3)))
    text = rx.sub(lambda m: table[m.group(0)], "\n\n".join(body))
    author = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    return {
        "title": text.split("\n", 1)[0][:90].rsplit(" ", 1)[0],
        "author": author,
        "publisher": rng.choice(PUBLISHERS),
        "date": f"{2015 + i % 9}-{1 + i % 12:02d}-{1 + i % 28:02d}",
        "text": text,
    }


def generate(n: int, seed: int = 0, wide: bool = False) -> Iterator[dict[str, str]]:
    """``n`` distinct articles (a repeated text is re-drawn).

    ``wide`` gives people two family names ("Marta Quiroga Lozano", short form "Quiroga"),
    so the corpus keeps meeting new people: the default pools of names saturate near
    3,000 people (about 3,300 entities at 2,200 articles), wide names reach 5,000
    entities and more. The default corpus is unchanged by it.
    """
    seen: set[str] = set()
    i = 0
    while len(seen) < n:
        rec = article(i, seed, wide)
        i += 1
        if rec["text"] not in seen:
            seen.add(rec["text"])
            yield rec


def write_jsonl(path: str | Path, n: int, seed: int = 0, wide: bool = False) -> Path:
    path = Path(path)
    with path.open("w", encoding="utf-8") as fh:
        for rec in generate(n, seed, wide):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--wide-names"]
    if len(args) != 2:
        sys.exit("usage: python bench/corpus.py N OUT.jsonl [--wide-names]")
    write_jsonl(args[1], int(args[0]), wide="--wide-names" in sys.argv[1:])
