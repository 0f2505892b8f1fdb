"""Ingest: news headers, plain text, encodings, HTML, JSONL and the reasons for skips."""
from __future__ import annotations

import json

from kg.ingest import clean_text, make_article, parse_byline, parse_date, read_inputs
from kg.models import Article, Skipped

SEED = __import__("pathlib").Path(__file__).resolve().parents[2] / "seeds" / "peru-synergy-against-narcotrafficking.txt"

HEADER = ("Navy Patrols the Coast\n\nNavy Patrols the Coast\n\nBy Ana Gomez/Coastal News\nMarch 3, 2021\n\n"
          "The Chilean Navy patrols the coast.\n\nIt found two boats.")


def test_news_header_is_parsed_and_repeated_title_collapses():
    a = make_article(HEADER, "x.txt")
    assert a.title == "Navy Patrols the Coast"
    assert (a.author, a.publisher, a.date) == ("Ana Gomez", "Coastal News", "2021-03-03")
    assert a.text.startswith("The Chilean Navy patrols")
    assert "By Ana" not in a.text


def test_plain_text_without_header_is_taken_whole():
    a = make_article("The Army deployed troops in Lima. They stayed a week.", "y.txt")
    assert a.title is None and a.author is None
    assert a.text == "The Army deployed troops in Lima. They stayed a week."


def test_content_hash_and_id_are_stable():
    assert make_article(HEADER, "a").id == make_article(HEADER, "b").id
    assert make_article(HEADER, "a").id != make_article(HEADER + " More.", "a").id


def test_dates_and_bylines():
    assert parse_date("16 December 2018") == "2018-12-16"
    assert parse_date("Dec. 16, 2018") == "2018-12-16"
    assert parse_date("2018-12-16") == "2018-12-16"
    assert parse_date("The Army moved") is None
    assert parse_byline("By John Roe, Daily Planet") == ("John Roe", "Daily Planet")
    assert parse_byline("By Jane Doe") == ("Jane Doe", None)


def test_glued_sentences_are_separated():
    assert "missions?\n\nAdm. Smith" in clean_text("the missions?Adm. Smith: yes")
    assert "U.S.A" in clean_text("the U.S.A is big")  # abbreviations stay


def test_seed_reads_as_one_article():
    items = list(read_inputs([SEED]))
    assert len(items) == 1 and isinstance(items[0], Article)
    assert items[0].publisher == "Diálogo" and items[0].date == "2018-12-16"


def test_bad_inputs_are_skipped_with_a_reason(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blank.txt").write_text("   \n\t ")
    (tmp_path / "nul.txt").write_bytes(b"abc\x00def")
    (tmp_path / "img.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp_path / "latin1.txt").write_bytes("The Navy of Perú met in Bogotá.".encode("latin-1"))
    (tmp_path / "page.html").write_text("<html><head><script>alert(1)</script><style>p{}</style>"
                                        "</head><body><p>The Army met the Navy.</p></body></html>")
    rows = [json.dumps({"text": "The Navy met."}), "{not json", json.dumps({"title": "no text"})]
    (tmp_path / "c.jsonl").write_text("\n".join(rows))
    items = list(read_inputs([tmp_path, tmp_path / "missing.txt"]))
    skipped = {s.source.split("/")[-1]: s.reason for s in items if isinstance(s, Skipped)}
    texts = sorted(a.text for a in items if isinstance(a, Article))
    assert skipped["empty.txt"] == "empty file" and skipped["blank.txt"] == "empty file"
    assert "binary" in skipped["nul.txt"] and "binary" in skipped["img.txt"]
    assert "malformed JSON" in skipped["c.jsonl:2"] and "text" in skipped["c.jsonl:3"]
    assert skipped["missing.txt"] == "no such file or directory"
    assert "The Navy of Perú met in Bogotá." in texts  # Latin-1 detected and decoded
    assert "The Army met the Navy." in texts and not any("alert" in t for t in texts)
    assert "The Navy met." in texts


def test_size_limit_and_bom_and_crlf(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("word " * 1000)
    [s] = list(read_inputs([big], max_bytes=100))
    assert isinstance(s, Skipped) and "limit" in s.reason
    bom = tmp_path / "bom.txt"
    bom.write_bytes("\ufeffThe Army met.\r\nThe Navy met.\rDone.".encode("utf-8"))
    [a] = list(read_inputs([bom]))
    assert a.text == "The Army met.\nThe Navy met.\nDone."


def test_headline_without_byline_is_the_title():
    a = make_article("Peacekeepers Protect Civilians in Bangui\n\nThe mission deployed troops. They stayed.", "x")
    assert a.title == "Peacekeepers Protect Civilians in Bangui" and a.text.startswith("The mission")
    plain = make_article("the army met\n\nThe navy met too.", "y")  # not a headline: lower case
    assert plain.title is None and plain.text.startswith("the army met")
    one = make_article("Troops deployed in Haiti", "z")  # a single line stays the body
    assert one.title is None and one.text == "Troops deployed in Haiti"


def test_bylines_in_their_usual_forms():
    from kg.ingest import read_byline

    cases = {
        "By Ana Ruiz, March 4, 2021": ("Ana Ruiz", None, "2021-03-04"),
        "By Ana Ruiz/Coastal Times": ("Ana Ruiz", "Coastal Times", None),
        "By Ana Ruiz | Coastal Times | Mar. 4, 2021 10:32 a.m. EST": ("Ana Ruiz", "Coastal Times", "2021-03-04"),
        "By Ana Ruiz on 4 March 2021": ("Ana Ruiz", None, "2021-03-04"),
        "By Ana Ruiz, Staff Writer": ("Ana Ruiz", None, None),
        "By Ana Ruiz and Luis de la Cruz, Reuters": ("Ana Ruiz and Luis de la Cruz", "Reuters", None),
    }
    for line, expected in cases.items():
        b = read_byline(line)
        assert b is not None and (b.author, b.publisher, b.date) == expected, line
    assert read_byline("By the end of the year, the Navy had six frigates.") is None
    b = read_byline("Ana Ruiz | March 4, 2021", require_by=False)
    assert (b.author, b.date) == ("Ana Ruiz", "2021-03-04")
    assert read_byline("BUENOS AIRES, March 4, 2021", require_by=False) is None  # a place, not a name


def test_a_byline_date_is_a_date_and_never_a_publisher():
    a = make_article("Navy Drills Off Callao\n\nBy Ana Ruiz, March 4, 2021\n\nThe Peruvian Navy held drills.", "x")
    assert (a.title, a.author, a.publisher, a.date) == ("Navy Drills Off Callao", "Ana Ruiz", None, "2021-03-04")
    assert a.text == "The Peruvian Navy held drills."
    b = make_article("Ana Ruiz | March 4, 2021\n\nThe Peruvian Navy held drills.", "y")
    assert (b.author, b.date, b.text) == ("Ana Ruiz", "2021-03-04", "The Peruvian Navy held drills.")


def test_datelines_are_metadata_and_leave_the_text():
    cases = {
        "LIMA, Peru (Mar. 4, 2021) -- The Peruvian Navy held drills.": ("LIMA, Peru", "2021-03-04", None),
        "CALLAO (AP) \u2014 The Peruvian Navy held drills.": ("CALLAO", None, "AP"),
        "SAN DIEGO, Calif. (March 4, 2021) \u2013 The Peruvian Navy held drills.":
            ("SAN DIEGO, Calif.", "2021-03-04", None),
        "LIMA, March 4 (Reuters) - The Peruvian Navy held drills.": ("LIMA", None, "Reuters"),
        "Lima, Peru (Reuters) - The Peruvian Navy held drills.": ("Lima, Peru", None, "Reuters"),
    }
    for text, (place, when, agency) in cases.items():
        a = make_article(text, "x")
        assert a.text == "The Peruvian Navy held drills.", text
        assert (a.dateline, a.date, a.publisher) == (place, when, agency), text
    # a headline, then the dateline; a byline's date wins over the dateline's
    a = make_article("Drills Off Callao\n\nBy Ana Ruiz, March 5, 2021\n\nLIMA, Peru (Mar. 4, 2021) -- The "
                     "Navy held drills.\n\nLIMA, Peru -- a later paragraph keeps its words.", "x")
    assert (a.title, a.author, a.date, a.dateline) == ("Drills Off Callao", "Ana Ruiz", "2021-03-05", "LIMA, Peru")
    assert a.text == "The Navy held drills.\n\nLIMA, Peru -- a later paragraph keeps its words."
    for text in ("The Army \u2014 and the Navy \u2014 met in Lima.", "UPDATE \u2014 The Navy met.",
                 "Lima - The Navy met.", "Peru, in Synergy against Narcotrafficking\n\nThe Navy met."):
        assert make_article(text, "x").dateline is None, text
