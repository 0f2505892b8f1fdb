"""Country names, demonyms and capitals from maintained packages (countryinfo, pycountry).

``country_of("the Democratic Republic of Congo") == "Democratic Republic of the Congo"``;
``demonym_country("Peruvian") == "Peru"``; ``capital_country("Buenos Aires") == "Argentina"``.
Everything is built once, on first use.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

# Short forms in everyday news use that the packages spell differently or not at all.
_EXTRA_NAMES = {
    "U.S.": "United States", "U.S": "United States", "U.S.A.": "United States", "America": "United States",
    "the States": "United States", "U.K.": "United Kingdom", "Britain": "United Kingdom",
    "DR Congo": "Democratic Republic of the Congo", "D.R. Congo": "Democratic Republic of the Congo",
    "Democratic Republic of Congo": "Democratic Republic of the Congo",
    "Ivory Coast": "Ivory Coast", "Russia": "Russia", "Syria": "Syria", "Iran": "Iran",
    "Vatican": "Vatican City", "Czechia": "Czech Republic", "Burma": "Myanmar",
    "East Timor": "East Timor", "Holland": "Netherlands",
}
# Two- and three-letter codes that news text really uses for countries (others are too ambiguous).
_CODES = {"US", "USA", "UK", "UAE", "DRC", "CAR", "PRC", "ROK", "DPRK"}
_EXTRA_DEMONYMS = {
    "American": "United States", "British": "United Kingdom", "English": "United Kingdom",
    "French": "France", "Spanish": "Spain", "Dutch": "Netherlands", "Swiss": "Switzerland",
    "Danish": "Denmark", "Swedish": "Sweden", "Finnish": "Finland", "Polish": "Poland",
    "Turkish": "Turkey", "Irish": "Ireland", "Filipino": "Philippines", "Philippine": "Philippines",
    "Argentine": "Argentina", "Argentinian": "Argentina", "Salvadoran": "El Salvador",
    "Salvadorian": "El Salvador", "Dominican": "Dominican Republic", "Colombian": "Colombia",
    "Congolese": "Democratic Republic of the Congo", "Emirati": "United Arab Emirates",
    "Saudi": "Saudi Arabia", "Korean": "South Korea", "Chinese": "China",
}
# Adjectives that look like demonyms but name regions, not countries.
REGIONAL_ADJECTIVES = frozenset({
    "south american", "latin american", "central american", "north american", "european",
    "african", "asian", "caribbean", "andean", "amazonian", "middle eastern", "western",
    "international", "regional", "hemispheric", "inter-american", "pan-american",
})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, accents and punctuation folded, leading article dropped."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    t = t.replace("\u2019", "'")
    t = re.sub(r"[^\w\s-]", " ", t)
    t = re.sub(r"\s+", " ", t).strip()
    return re.sub(r"^(the) ", "", t)


def _invert(name: str) -> str:
    """``"Congo, The Democratic Republic of the"`` -> ``"The Democratic Republic of the Congo"``."""
    if ", " not in name:
        return name
    head, tail = name.split(", ", 1)
    return f"{tail} {head}"


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    import pycountry
    from countryinfo import all_countries  # maintained data, one JSON file per country

    provinces: set[str] = set()  # folded names of first-level subdivisions
    names: dict[str, str] = {}   # folded name -> canonical country name
    exact: dict[str, str] = {}   # case-sensitive surface -> canonical (codes, short forms)
    demonyms: dict[str, str] = {}
    capitals: dict[str, str] = {}
    for country in all_countries():
        # read as the data are: some records have no ISO codes, some a list of capitals
        info: Mapping[str, Any] = country.info()
        canon = info["name"]
        iso = info.get("ISO") or {}
        if not iso.get("alpha2"):
            continue  # territories without ISO codes are not sovereign states
        for form in [canon, *(info.get("altSpellings") or [])]:
            form = form.strip()
            if not form:
                continue
            if form.isupper() and len(form) <= 4:
                if form in _CODES:
                    exact[form] = canon
                continue
            names.setdefault(fold(_invert(form)), canon)
        if info.get("demonym"):
            demonyms.setdefault(info["demonym"], canon)
        for prov in info.get("provinces") or []:
            if isinstance(prov, str) and prov.strip():
                provinces.add(fold(re.sub(r"\s*\(.*\)$", "", prov)))
        caps = info.get("capital") or []
        for cap in [caps] if isinstance(caps, str) else caps:
            capitals.setdefault(fold(cap), canon)
    for c in pycountry.countries:
        known = names.get(fold(c.name))
        if known is None:
            continue
        for attr in ("official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                names.setdefault(fold(_invert(value)), known)
    for surface, canon in _EXTRA_NAMES.items():
        target = names.get(fold(canon), canon)
        if surface.isupper() or "." in surface:
            exact[surface] = target
        names.setdefault(fold(surface), target)
    for surface, canon in _EXTRA_DEMONYMS.items():
        demonyms[surface] = names.get(fold(canon), canon)
    _PROVINCES.update(provinces)
    return names, exact, demonyms, capitals


_PROVINCES: set[str] = set()


def is_province(name: str) -> bool:
    """``name`` is a first-level subdivision of some country (a state, province, region)."""
    _tables()
    return fold(name) in _PROVINCES


def country_prefix(name: str) -> str | None:
    """'Jamaica Defence Force' -> 'Jamaica'; 'U.S. Southern Command' -> 'United States'."""
    return split_country_prefix(name)[0]


def split_country_prefix(name: str) -> tuple[str | None, str]:
    """The country a name opens with and the rest: 'U.S. Southern Command' -> ('United States',
    'Southern Command'); 'Dominican Republic Navy' -> ('Dominican Republic', 'Navy'); a name
    that is only a country, or opens with none, -> (None, name)."""
    words = name.split()
    for k in range(min(4, len(words) - 1), 0, -1):
        hit = country_of(" ".join(words[:k]))
        if hit:
            return hit, " ".join(words[k:])
    return None, name


def country_of(text: str) -> str | None:
    """The canonical country a surface form names, or ``None``."""
    names, exact, _, _ = _tables()
    text = text.strip()
    if text in exact:
        return exact[text]
    if text.isupper() and len(text) <= 4:
        return None  # an unknown code: too ambiguous
    return names.get(fold(text))


def demonym_country(word: str) -> str | None:
    """``"Peruvian"`` -> ``"Peru"``; ``None`` for regional adjectives and unknown words."""
    _, _, demonyms, _ = _tables()
    word = word.strip()
    if fold(word) in REGIONAL_ADJECTIVES:
        return None
    if word in demonyms:
        return demonyms[word]
    for form in (word, word.title()):
        if form in demonyms:
            return demonyms[form]
    return _demonym_by_stem(word)


@lru_cache(maxsize=65536)
def _demonym_by_stem(word: str) -> str | None:
    """'Ecuadorian' -> 'Ecuador': a country name (less its last letter) that begins the word."""
    f = fold(word)
    if " " in f or not re.search(r"(ian|ean|an|ese|i|ish|ic|ine)$", f) or not word[:1].isupper():
        return None
    names, _, _, _ = _tables()
    hits = {canon for name, canon in names.items() if " " not in name and len(name) >= 4
            and f.startswith(name[:-1] if len(name) > 4 else name) and len(f) - len(name) <= 4}
    return hits.pop() if len(hits) == 1 else None


def capital_country(name: str) -> str | None:
    """The country whose capital is ``name``, or ``None``."""
    return _tables()[3].get(fold(name))


# The postal and AP-style abbreviations of U.S. states, as datelines use them ("PENSACOLA, Fla.").
US_STATE_ABBREVIATIONS: dict[str, str] = {
    "Ala.": "Alabama", "Ariz.": "Arizona", "Ark.": "Arkansas", "Calif.": "California", "Colo.": "Colorado",
    "Conn.": "Connecticut", "Del.": "Delaware", "Fla.": "Florida", "Ga.": "Georgia", "Ill.": "Illinois",
    "Ind.": "Indiana", "Kan.": "Kansas", "Kans.": "Kansas", "Ky.": "Kentucky", "La.": "Louisiana",
    "Md.": "Maryland", "Mass.": "Massachusetts", "Mich.": "Michigan", "Minn.": "Minnesota",
    "Miss.": "Mississippi", "Mo.": "Missouri", "Mont.": "Montana", "Neb.": "Nebraska", "Nev.": "Nevada",
    "N.H.": "New Hampshire", "N.J.": "New Jersey", "N.M.": "New Mexico", "N.Y.": "New York",
    "N.C.": "North Carolina", "N.D.": "North Dakota", "Okla.": "Oklahoma", "Ore.": "Oregon",
    "Pa.": "Pennsylvania", "R.I.": "Rhode Island", "S.C.": "South Carolina", "S.D.": "South Dakota",
    "Tenn.": "Tennessee", "Tex.": "Texas", "Vt.": "Vermont", "Va.": "Virginia", "Wash.": "Washington",
    "W.Va.": "West Virginia", "W. Va.": "West Virginia", "Wis.": "Wisconsin", "Wyo.": "Wyoming",
    "D.C.": "District of Columbia",
}


def state_of(text: str) -> str | None:
    """``"Fla."`` -> ``"Florida"``: the U.S. state an abbreviation names."""
    return US_STATE_ABBREVIATIONS.get(text.strip())


def demonym_of(country: str) -> str | None:
    """``"Peru"`` -> ``"Peruvian"``: the adjective for a country's own bodies (``None`` if unknown)."""
    canon = country_of(country) or country
    return _demonym_index().get(canon)


@lru_cache(maxsize=1)
def _demonym_index() -> dict[str, str]:
    _, _, demonyms, _ = _tables()
    out: dict[str, str] = {}
    for word, canon in _EXTRA_DEMONYMS.items():  # "American", "Salvadoran": the usual form first
        out.setdefault(demonyms.get(word, canon), word)
    for word, canon in demonyms.items():
        out.setdefault(canon, word)
    return out
