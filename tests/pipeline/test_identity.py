"""One node per real thing across a corpus (issue 15), on articles written for these tests:
scoped names, variants of one name, editions, links with evidence, and the user's identity file."""
from __future__ import annotations

import pytest
import rdflib
from corpora import write_corpus
from rdflib import OWL, RDF, RDFS
from rdflib.namespace import DCTERMS
from typer.testing import CliRunner

from kg.cli import app
from kg.extract.link import Link, links
from kg.models import Entity, KGError
from kg.pipeline import BuildOptions, build
from kg.pipeline.identity import IdentityPair, identity_format, parse_identity

BASE = "https://w3id.org/kg-builder/id/"

BELIZE = ("Belize Boosts Its Maritime Patrols\n\nBy Ann Roe/Daily Lens\nMay 2, 2021\n\n"
          "The Belize Coast Guard seized 300 kilograms of cocaine off Belize City. The Coast Guard said the "
          "boat came from the south. Belize will buy two more patrol boats, the Coast Guard added.")
HONDURAS = ("Honduras Trains New Sailors\n\nBy Ann Roe/Daily Lens\nJune 3, 2021\n\n"
            "The Honduran Coast Guard trained 40 sailors in La Ceiba, Honduras. The Coast Guard will deploy them "
            "on the Caribbean coast of Honduras this year.")
SOUTHCOM_A = "Admiral Rosa Vega, commander of U.S. Southern Command, visited Quito, Ecuador, on Monday."
SOUTHCOM_B = "The United States Southern Command sent two ships to Haiti. Its staff met Haitian officials."
PERU = "The Peruvian Navy sailed from Callao, Peru. The Peruvian Navy patrols the coast of Peru."
CHILE_NAMED = "The Chilean Navy held exercises off Valparaíso, Chile, with the Chilean Navy's new frigates."
CHILE_BARE = ("Chile Hosts Sailors from Ten Countries\n\nBy Ann Roe/Daily Lens\nJuly 4, 2021\n\n"
              "Chile welcomed sailors to Valparaíso, Chile, on Monday. The Navy showed them its frigates, "
              "and Chile thanked the visitors.")


def _nodes(g, needle):
    """Entity nodes whose label or alias contains ``needle``."""
    out = set()
    for p in (RDFS.label, rdflib.SKOS.altLabel):
        for s, o in g.subject_objects(p):
            if needle in str(o) and (s, DCTERMS.source, None) in g:
                out.add(s)
    return out


def _build(tmp_path, texts, **opts):
    tmp_path.mkdir(parents=True, exist_ok=True)
    corpus = write_corpus(tmp_path / "corpus", texts)
    build([corpus], out=tmp_path / "out", options=BuildOptions(view=False, cache=False, **opts))
    return rdflib.Graph().parse(tmp_path / "out" / "graph.ttl")


def _articles(g, node):
    return len(set(g.objects(node, DCTERMS.source)))


def test_two_countries_coast_guards_stay_two_nodes(tmp_path):
    g = _build(tmp_path, {"belize.txt": BELIZE, "honduras.txt": HONDURAS})
    guards = _nodes(g, "Coast Guard")
    assert len(guards) == 2
    labels = {str(g.value(n, RDFS.label)) for n in guards}
    assert labels == {"Belize Coast Guard", "Honduran Coast Guard"}
    assert all(_articles(g, n) == 1 for n in guards)


def test_us_southern_command_spelled_two_ways_is_one_node(tmp_path):
    g = _build(tmp_path, {"a.txt": SOUTHCOM_A, "b.txt": SOUTHCOM_B})
    [node] = _nodes(g, "Southern Command")
    assert _articles(g, node) == 2
    names = {str(o) for o in g.objects(node, RDFS.label)} | {str(o) for o in g.objects(node, rdflib.SKOS.altLabel)}
    assert {"U.S. Southern Command", "United States Southern Command"} <= names


def test_a_bare_navy_in_an_article_about_chile_is_the_chilean_navy(tmp_path):
    g = _build(tmp_path, {"peru.txt": PERU, "chile-named.txt": CHILE_NAMED, "chile-bare.txt": CHILE_BARE})
    navies = _nodes(g, "Navy")
    by_label = {str(g.value(n, RDFS.label)): n for n in navies}
    assert set(by_label) == {"Peruvian Navy", "Chilean Navy"}
    chilean, peruvian = by_label["Chilean Navy"], by_label["Peruvian Navy"]
    assert _articles(g, chilean) == 2 and _articles(g, peruvian) == 1
    assert (chilean, rdflib.SKOS.altLabel, rdflib.Literal("Navy")) in g


def test_a_generic_name_no_country_scopes_stays_in_its_article(tmp_path):
    a = "Colombia and Peru held talks. The Coast Guard of each country sent officers. The Coast Guard met."
    b = "Ecuador and Chile held talks. The Coast Guard of each country sent boats. The Coast Guard sailed."
    g = _build(tmp_path, {"a.txt": a, "b.txt": b})
    guards = _nodes(g, "Coast Guard")
    assert len(guards) == 2 and all(_articles(g, n) == 1 for n in guards)


def test_editions_of_a_conference_are_events_of_their_own(tmp_path):
    a = ("Chiefs Meet in Lima\n\nBy Ann Roe/Daily Lens\nMay 2, 2019\n\n"
         "Army chiefs met at the South American Defense Conference in Lima, Peru.")
    b = ("Chiefs Meet in Asunción\n\nBy Ann Roe/Daily Lens\nMay 2, 2021\n\n"
         "Army chiefs met at the South American Defense Conference in Asunción, Paraguay.")
    c = ("More on the Lima Meeting\n\nBy Ann Roe/Daily Lens\nMay 9, 2019\n\n"
         "Delegates of the South American Defense Conference toured Lima, Peru.")
    g = _build(tmp_path, {"a.txt": a, "b.txt": b, "c.txt": c})
    conferences = _nodes(g, "South American Defense Conference")
    assert sorted(_articles(g, n) for n in conferences) == [1, 2]  # 2019 twice, 2021 once


def test_an_acronym_alone_joins_the_name_of_another_article_with_evidence(tmp_path):
    a = "The Belize Defence Force (BDF) patrols the coast of Belize."
    b = "The BDF seized a boat near Dangriga on Monday."
    g = _build(tmp_path, {"a.txt": a, "b.txt": b})
    [node] = _nodes(g, "Belize Defence Force")
    assert _articles(g, node) == 2 and not [n for n in _nodes(g, "BDF") if n != node]
    [ax] = list(g.subjects(RDF.type, OWL.Axiom))
    assert g.value(ax, OWL.annotatedSource) == node and g.value(ax, OWL.annotatedProperty) == OWL.sameAs
    assert str(g.value(ax, DCTERMS.identifier)) == "link.acronym.v1"
    assert "BDF" in str(g.value(ax, RDFS.comment))
    assert (node, OWL.sameAs, g.value(ax, OWL.annotatedTarget)) in g


def test_no_link_across_keeps_short_forms_apart(tmp_path):
    a = "The Belize Defence Force (BDF) patrols the coast of Belize."
    b = "The BDF seized a boat near Dangriga on Monday."
    g = _build(tmp_path, {"a.txt": a, "b.txt": b}, link_across=False)
    assert len(_nodes(g, "BDF")) == 2
    assert not list(g.subjects(RDF.type, OWL.Axiom))


def test_identity_pairs_keep_apart_and_join(tmp_path):
    a = "The Belize Defence Force (BDF) patrols the coast of Belize."
    b = "The BDF seized a boat near Dangriga on Monday."
    c = "The Jamaica Defence Force trained in Kingston, Jamaica."
    bdf = "organization/bdf"
    apart = parse_identity(f"organization/armed-forces-belize\tdifferentFrom\t{bdf}\n")
    g = _build(tmp_path, {"a.txt": a, "b.txt": b, "c.txt": c}, identity=apart)
    assert len(_nodes(g, "BDF")) == 2
    join = parse_identity(f"<{BASE}organization/armed-forces-jamaica> <http://www.w3.org/2002/07/owl#sameAs> "
                          f"<{BASE}organization/armed-forces-belize> .", fmt="nt")
    g = _build(tmp_path / "2", {"a.txt": a, "b.txt": b, "c.txt": c}, identity=join)
    [node] = _nodes(g, "Jamaica Defence Force")
    assert (node, RDFS.label, None) in g and _articles(g, node) == 3


def test_identity_files_parse_and_fail_clearly():
    pairs = parse_identity("# keep these apart\norganization/a\tdifferentFrom\torganization/b\n"
                           "organization/c  owl:sameAs  https://example.org/x\n", base="https://ex.org/id/")
    assert pairs == (IdentityPair("https://ex.org/id/organization/a", "differentFrom", "https://ex.org/id/organization/b"),
                     IdentityPair("https://ex.org/id/organization/c", "sameAs", "https://example.org/x"))
    ttl = ("@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
           "<https://ex.org/a> owl:differentFrom <https://ex.org/b> .\n<https://ex.org/a> a owl:Thing .\n")
    assert parse_identity(ttl, fmt=identity_format("pairs.ttl")) == (
        IdentityPair("https://ex.org/a", "differentFrom", "https://ex.org/b"),)
    with pytest.raises(KGError, match="line 2: the middle column must be sameAs or differentFrom"):
        parse_identity("a\tsameAs\tb\na\tbroaderThan\tb\n", source="pairs.tsv")
    with pytest.raises(KGError, match=r"pairs\.ttl: not valid Turtle"):
        parse_identity("<a> <b> .", fmt="turtle", source="pairs.ttl")


def _e(eid: str, label: str, cls: str, *aliases: str, count: int = 1) -> Entity:
    return Entity(eid, label, cls, aliases, None, count)


def test_links_rules_and_the_user_pairs():
    a = [_e("Person:rosa vega", "Rosa Vega", "Person"), _e("Organization:southern command (united states)",
                                                           "U.S. Southern Command", "MilitaryOrganization"),
         _e("Organization:dialogo", "Diálogo", "MediaOrganization", count=3)]
    b = [_e("Person:vega", "Vega", "Person"), _e("Organization:southcom", "SOUTHCOM", "Organization"),
         _e("Organization:southern command", "Southern Command", "MilitaryOrganization"),
         _e("Place:dialogo", "Diálogo", "City")]
    found = {link.source: link for link in links([("a", a), ("b", b)])}
    assert found["Person:vega"].target == "Person:rosa vega" and found["Person:vega"].rule == "link.person.v1"
    assert found["Organization:southcom"].rule == "link.acronym.v1"
    assert found["Organization:southern command"].rule == "link.twin.v1"
    assert found["Place:dialogo"] == Link("Place:dialogo", "Organization:dialogo", "link.class.v1",
                                          found["Place:dialogo"].evidence, "b")
    kept = links([("a", a), ("b", b)], keep_apart=[("Person:vega", "Person:rosa vega")])
    assert "Person:vega" not in {link.source for link in kept}
    joined = links([("a", a), ("b", b)], join=[("Organization:dialogo", "Person:rosa vega")])
    assert any(link.source == "Person:rosa vega" and link.rule == "link.user.v1" for link in joined)


def test_two_people_sharing_a_surname_keep_a_bare_surname_apart():
    a = [_e("Person:ana paredes", "Ana Paredes", "Person"), _e("Person:jose paredes", "José Paredes", "Person")]
    b = [_e("Person:paredes", "Paredes", "Person")]
    assert not links([("a", a), ("b", b)])


def test_cli_flags_and_explain_show_merge_evidence(tmp_path):
    corpus = write_corpus(tmp_path / "c", {"a.txt": "The Belize Defence Force (BDF) patrols the coast of Belize.",
                                           "b.txt": "The BDF seized a boat near Dangriga on Monday."})
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("organization/armed-forces-belize\tdifferentFrom\torganization/bdf\n", encoding="utf-8")
    runner = CliRunner()
    done = runner.invoke(app, ["build", str(corpus), "--out", str(tmp_path / "o1"), "--no-view", "-q"])
    assert done.exit_code == 0, done.output
    shown = runner.invoke(app, ["explain", str(tmp_path / "o1" / "graph.ttl")])
    assert shown.exit_code == 0 and "Merged across articles:" in shown.output
    assert "[link.acronym.v1]" in shown.output and "'BDF' is" in shown.output
    done = runner.invoke(app, ["build", str(corpus), "--out", str(tmp_path / "o2"), "--no-view", "-q",
                               "--identity", str(pairs)])
    assert done.exit_code == 0, done.output
    assert "link.acronym.v1" not in (tmp_path / "o2" / "graph.ttl").read_text(encoding="utf-8")
    done = runner.invoke(app, ["build", str(corpus), "--out", str(tmp_path / "o3"), "--no-view", "-q",
                               "--no-link-across"])
    assert done.exit_code == 0 and "owl:Axiom" not in (tmp_path / "o3" / "graph.ttl").read_text(encoding="utf-8")
    bad = tmp_path / "bad.tsv"
    bad.write_text("a\tb\n", encoding="utf-8")
    done = runner.invoke(app, ["build", str(corpus), "--out", str(tmp_path / "o4"), "--identity", str(bad)])
    assert done.exit_code == 1 and "bad.tsv, line 1" in done.output


def test_merge_evidence_validates(tmp_path):
    from kg.use.validate import validate

    g = _build(tmp_path, {"a.txt": "The Belize Defence Force (BDF) patrols the coast of Belize.",
                          "b.txt": "The BDF seized a boat near Dangriga on Monday."})
    conforms, report = validate(g)
    assert conforms, report
