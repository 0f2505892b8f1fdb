"""The relation classifier: candidates, features, the model file and its predictions."""
from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest

from kg.extract import extract as run_extract
from kg.extract.candidates import candidates
from kg.extract.classifier import NONE, RelationModel, allowed_softmax, from_bytes, load_model
from kg.extract.context import Context
from kg.extract.features import dep_path, features
from kg.extract.mentions import find_mentions, interview_turns, release
from kg.extract.resolve import resolve
from kg.ingest import make_article
from kg.models import KGError


@pytest.fixture(scope="module")
def context(nlp):
    """(text) -> the Context of that text, as the relation layer sees it."""
    made = []

    def go(text: str) -> Context:
        article = make_article(text, "<test>")
        doc = nlp(article.text)
        mentions = find_mentions(doc, article)
        turns = interview_turns(article)
        res = resolve(mentions, article, [(t.label_start, t.label_end) for t in turns])
        c = Context(doc, article, mentions, res)
        made.append(doc)
        return c

    yield go
    for doc in made:
        release(doc)


def _labels(c: Context) -> dict[str, str]:
    return {e.id: e.label for e in c.res.entities}


def test_candidates_pair_entities_of_one_sentence_both_ways_where_the_ontology_allows(context):
    c = context("The Chilean Navy patrols the Strait of Magellan. Terrorism worries Lima.")
    names = _labels(c)
    pairs = {(names[k.subject.entity], names[k.object.entity]): k.allowed for k in candidates(c)}
    assert "operatesIn" in pairs[("Chilean Navy", "Strait of Magellan")]
    assert "operatesIn" not in pairs.get(("Strait of Magellan", "Chilean Navy"), ())
    # a threat is never a subject of operatesIn: no property allows Terrorism -> Lima
    assert ("Terrorism", "Lima") not in pairs
    # entities of different sentences are not paired
    assert ("Chilean Navy", "Lima") not in pairs


def test_a_pronoun_stands_for_its_antecedent(context):
    c = context("The Peruvian Army arrived on Monday. It deployed troops in Ayacucho.")
    names = _labels(c)
    hits = [k for k in candidates(c) if names.get(k.object.entity) == "Ayacucho"]
    assert any(names[k.subject.entity] == "Peruvian Army" and k.subject.kind == "pronoun" for k in hits)


def test_the_plural_of_an_event_noun_points_back_to_the_event(context):
    c = context("Six navies sailed to the Blue Wave 2021 naval exercises off Arica. "
                "Chile, Ecuador and Uruguay participated in the exercises.")
    names = _labels(c)
    event = [k for k in candidates(c) if names.get(k.subject.entity) == "Ecuador"
             and c.cls.get(k.object.entity) in ("Operation", "Event")]
    assert event and event[0].object.kind == "definite" and "participatesIn" in event[0].allowed
    # a plural that names no event of its own kind stays generic
    c = context("The Bolivian Army trained for a week. The operations of criminal groups continued.")
    assert all(k.object.kind != "definite" and k.subject.kind != "definite" for k in candidates(c))


def test_taking_part_without_naming_the_event_points_to_the_last_event_named(context):
    c = context("The Coral Shield 2020 exercise opened on Monday near Manta. "
                "Colombia participated with two frigates and a submarine.")
    names = _labels(c)
    implied = [k for k in candidates(c) if names.get(k.subject.entity) == "Colombia" and k.object.kind == "implied"]
    assert implied and "participatesIn" in implied[0].allowed
    # a sentence that names its event needs no implied one
    c = context("The Coral Shield 2020 exercise opened on Monday. Peru participated in Sea Breeze 2021.")
    assert not [k for k in candidates(c) if k.object.kind == "implied"]


def test_an_interview_speaker_label_is_not_a_party_to_what_is_said(nlp):
    text = ("By Ann Roe/Daily Lens\nMay 1, 2020\n\n"
            "Daily Lens: How does Bolivia take part in Operation Blue Shield?\n\n"
            "Admiral Rosa Vega: Bolivia takes part in Operation Blue Shield with two ships.")
    article = make_article(text, "<test>")
    doc = nlp(article.text)
    mentions = find_mentions(doc, article)
    turns = interview_turns(article)
    res = resolve(mentions, article, [(t.label_start, t.label_end) for t in turns])
    c = Context(doc, article, mentions, res, tuple((t.label_start, t.label_end) for t in turns))
    names = {e.id: e.label for e in res.entities}
    paired = {names[k.subject.entity] for k in candidates(c)} | {names[k.object.entity] for k in candidates(c)}
    release(doc)
    assert "Bolivia" in paired and "Operation Blue Shield" in paired
    assert "Rosa Vega" not in paired and "Daily Lens" not in paired


def test_features_name_the_path_and_the_words_between(context):
    c = context("Admiral Rosa Vega commands the Chilean Navy.")
    names = _labels(c)
    [cand] = [k for k in candidates(c) if names[k.subject.entity] == "Rosa Vega"
              and names[k.object.entity] == "Chilean Navy"]
    f = features(c, cand)
    assert "lca:command" in f and "bw:command" in f and "ord:so" in f
    assert "cls:Person>MilitaryOrganization" in f
    assert features(c, cand) == f  # deterministic


def test_dep_path_meets_at_the_lowest_common_ancestor(nlp):
    doc = nlp("The navy of Chile patrols the coast.")
    navy, coast = doc[1], doc[6]
    up, lca, down = dep_path(navy, coast)
    assert lca.lemma_ == "patrol" and [t.i for t in up] == [1] and [t.i for t in down] == [6]


def _toy_model(threshold: float = 0.5) -> RelationModel:
    labels = (NONE, "operatesIn", "locatedIn")
    voc = {"lca:patrol": 0, "bw:in": 1}
    weights = np.array([[0.0, 3.0, 0.0], [0.0, 0.0, 2.0]], dtype=np.float32)
    return RelationModel("classifier.test", labels, voc, weights, np.zeros(3, dtype=np.float32),
                         1.0, threshold, {"note": "toy"})


def test_probabilities_compete_only_among_allowed_properties():
    m = _toy_model()
    [both, one] = m.probabilities([["lca:patrol", "bw:in"], ["lca:patrol", "bw:in"]],
                                  [["operatesIn", "locatedIn"], ["operatesIn"]])
    assert set(both) == {"operatesIn", "locatedIn"} and set(one) == {"operatesIn"}
    assert one["operatesIn"] > both["operatesIn"]  # locatedIn no longer takes a share
    assert 0 < sum(both.values()) < 1  # the rest is "none"
    [unknown] = m.probabilities([["never-seen"]], [["operatesIn"]])
    assert unknown["operatesIn"] == pytest.approx(0.5)


def test_temperature_flattens_probabilities():
    z = np.array([[0.0, 2.0, 0.0]])
    hot = allowed_softmax(z, [["operatesIn"]], (NONE, "operatesIn", "locatedIn"), 1.0)[0]["operatesIn"]
    cool = allowed_softmax(z, [["operatesIn"]], (NONE, "operatesIn", "locatedIn"), 2.0)[0]["operatesIn"]
    assert 0.5 < cool < hot


def test_the_calibration_maps_probabilities_through_its_breakpoints():
    import dataclasses

    m = dataclasses.replace(_toy_model(), calibration=((0.0, 0.5, 1.0), (0.0, 0.8, 0.9)))
    [raw] = _toy_model().probabilities([["never-seen"]], [["operatesIn"]])
    [cal] = m.probabilities([["never-seen"]], [["operatesIn"]])
    assert raw["operatesIn"] == pytest.approx(0.5) and cal["operatesIn"] == pytest.approx(0.8)
    back = from_bytes(m.to_bytes())
    assert back.calibration == ((0.0, 0.5, 1.0), (0.0, 0.8, 0.9))


def test_model_file_round_trips_without_pickle():
    m = _toy_model(0.62)
    data = m.to_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:  # plain .npy arrays, none of them object arrays
        assert sorted(z.namelist()) == ["bias.npy", "meta.npy", "vocabulary.npy", "weights.npy"]
    back = from_bytes(data)
    assert back.version == "classifier.test" and back.threshold == 0.62 and back.labels == m.labels
    assert dict(back.vocabulary) == dict(m.vocabulary) and np.array_equal(back.weights, m.weights)
    assert back.meta["note"] == "toy" and len(back.digest) == 64
    assert back.explain(["lca:patrol", "bw:in"], "operatesIn") == [("lca:patrol", 3.0)]


def test_a_damaged_model_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "broken.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(KGError, match="not a relation model"):
        load_model(str(bad))
    with pytest.raises(KGError, match="Cannot read the relation model"):
        load_model(str(tmp_path / "missing.npz"))


def test_the_shipped_model_loads_and_says_how_it_was_trained():
    m = load_model()
    assert m.version.startswith("classifier.v") and m.labels[0] == NONE
    assert 0 < m.threshold < 1 and m.temperature > 0
    assert m.meta["articles"] > 0 and "cv_f1" in m.meta
    assert m.weights.nbytes < 20_000_000


def test_classifier_relations_carry_probability_and_features(nlp):
    text = ("Brazil, Chile and Peru participated in Exercise Southern Shield 2021, held in Valparaíso, "
            "Chile. The Colombian Navy and the Ecuadorian Navy signed an agreement to cooperate against "
            "illegal fishing.")
    article = make_article(text, "<test>")
    ex = run_extract(nlp(article.text), article)
    model = load_model()
    mine = [r for r in ex.relations if r.provenance.rule == model.version]
    names = {e.id: e.label for e in ex.entities}
    said = {(names[r.subject], r.predicate, names[r.object]) for r in mine}
    assert ("Peru", "participatesIn", "Exercise Southern Shield 2021") in said
    assert ("Colombian Navy", "counters", "illegal fishing") in said
    for r in mine:
        assert model.thresholds()[r.predicate] <= r.provenance.confidence <= 1
        assert r.provenance.evidence and all("(+" in f for f in r.provenance.evidence)
    rules_only = run_extract(nlp(article.text), article, classifier=None)
    assert not any(r.provenance.rule == model.version for r in rules_only.relations)


@pytest.mark.parametrize("text", [
    "The Bolivian Navy did not cooperate with the Brazilian Navy.",
    "The Bolivian Navy might patrol the Beni region next year.",
    "Does the Bolivian Navy operate in the Beni region?",
])
def test_classifier_does_not_assert_hypothetical_statements(nlp, text):
    article = make_article(text, "<test>")
    ex = run_extract(nlp(article.text), article)
    assert not [r for r in ex.relations if r.provenance.rule.startswith("classifier")]


def test_decide_keeps_places_of_an_address_and_the_reporting_outlet_out_of_acts():
    from kg.extract.relations import decide

    dist = {"participatesIn": 0.9, "locatedIn": 0.9, "cooperatesWith": 0.9}
    limits = dict.fromkeys(dist, 0.5)
    agent = ("cls:Country>Conference",)
    assert [p for p, _ in decide(dist, agent, limits, False)] == ["cooperatesWith", "locatedIn", "participatesIn"]
    # "held in Quito, Ecuador": neither place takes part in, nor works with, what is held there
    assert [p for p, _ in decide(dist, agent, limits, False, subject_in_address=True)] == ["locatedIn"]
    assert [p for p, _ in decide(dist, agent, limits, True)] == ["cooperatesWith", "participatesIn"]
    outlet = ("cls:MediaOrganization>Conference",)
    assert [p for p, _ in decide(dist, outlet, limits, False)] == ["locatedIn"]
    assert decide(dist, ("hyp", *agent), limits, False) == []


def test_each_property_is_decided_at_its_own_threshold():
    from kg.extract.relations import decide

    dist = {"participatesIn": 0.7, "locatedIn": 0.7}
    limits = {"participatesIn": 0.6, "locatedIn": 0.8}
    assert [p for p, _ in decide(dist, (), limits, False)] == ["participatesIn"]


def test_per_property_thresholds_round_trip_and_complete_the_global_one():
    model = RelationModel("t.v1", (NONE, "memberOf", "partOf"), {"a": 0}, np.zeros((1, 3), np.float32),
                          np.zeros(3, np.float32), threshold=0.5, per_property={"partOf": 0.7})
    again = from_bytes(model.to_bytes())
    assert again.thresholds() == {"memberOf": 0.5, "partOf": 0.7}


def test_per_property_thresholds_for_unknown_properties_are_a_clear_error():
    model = RelationModel("t.v1", (NONE, "memberOf"), {"a": 0}, np.zeros((1, 2), np.float32),
                          np.zeros(2, np.float32), per_property={"likes": 0.7})
    with pytest.raises(KGError, match="unknown properties"):
        from_bytes(model.to_bytes())


def test_a_country_in_the_address_of_an_event_is_not_a_participant(nlp):
    text = ("Navies of six countries met at the Pacific Shield Symposium, held in Valparaiso, Chile. "
            "Admiral Rosa Vidal of the Peruvian Navy took part in the Pacific Shield Symposium.")
    doc = nlp(text)
    ex = run_extract(doc, make_article(text, "symposium"))
    labels = {e.id: e.label for e in ex.entities}
    acts = {(labels[r.subject], labels[r.object]) for r in ex.relations if r.predicate == "participatesIn"}
    assert not any(s in ("Chile", "Valparaiso") for s, _ in acts)
    assert any(s == "Rosa Vidal" for s, _ in acts)


def test_decide_keeps_modifiers_owners_and_lists_of_where_out():
    from kg.extract.relations import decide

    dist = {"counters": 0.9, "commands": 0.9, "cooperatesWith": 0.9, "memberOf": 0.9}
    limits = dict.fromkeys(dist, 0.5)
    plain = ("cls:MilitaryOrganization>Threat",)
    assert [p for p, _ in decide(dist, plain, limits, False)] == sorted(dist)
    # "Peruvian Navy Admiral Ana Ruiz said ...": the navy is a modifier, not an actor
    assert [p for p, _ in decide(dist, (*plain, "emb1:other"), limits, False)] == ["commands", "memberOf"]
    # "Navy" in "Navy Admiral Ana Ruiz" still names what she serves in
    assert [p for p, _ in decide(dist, (*plain, "emb1:pair"), limits, False)] == sorted(dist)
    # "commander of the Army's Fifth Division": the army is the division's owner
    assert "commands" not in [p for p, _ in decide(dist, (*plain, "emb2:other"), limits, False)]
    # "missions in Haiti, Mali and Lebanon": a list of where, not of partners
    where = (*plain, "coord", "coordgov:pobj:in")
    assert "cooperatesWith" not in [p for p, _ in decide(dist, where, limits, False)]
    partners = (*plain, "coord", "coordgov:pobj:with")
    assert "cooperatesWith" in [p for p, _ in decide(dist, partners, limits, False)]


def test_decide_puts_no_country_inside_a_city_or_another_country():
    from kg.extract.relations import decide

    dist = {"locatedIn": 0.9}
    limits = {"locatedIn": 0.5}
    assert decide(dist, ("cls:Country>City",), limits, False) == []
    assert decide(dist, ("cls:Country>Country",), limits, False) == []
    assert [p for p, _ in decide(dist, ("cls:Country>Region",), limits, False)] == ["locatedIn"]
    assert [p for p, _ in decide(dist, ("cls:City>Country",), limits, False)] == ["locatedIn"]


@pytest.mark.parametrize("text, subject, host", [
    ("Bolivian Navy Admiral Ana Ruiz met officers of the Chilean Army in Santiago.", "Bolivian Navy", "Ana Ruiz"),
    ("Colonel Luis Mora, commander of the Bolivian Army's Fifth Division, spoke.", "Bolivian Army", "Fifth Division"),
])
def test_a_name_that_modifies_another_is_marked(context, text, subject, host):
    c = context(text)
    labels = {e.id: e.label for e in c.res.entities}
    seen = set()
    for cand in candidates(c):
        if labels[cand.subject.entity] == subject:
            tag = "emb1:pair" if labels[cand.object.entity] == host else "emb1:other"
            assert tag in features(c, cand)
            seen.add(tag)
    assert seen == {"emb1:pair", "emb1:other"}


def test_scores_do_not_depend_on_the_order_of_the_features():
    rng = np.random.default_rng(3)
    names = [f"f{k}" for k in range(400)]
    model = RelationModel("t.v1", (NONE, "memberOf", "partOf"), {n: k for k, n in enumerate(names)},
                          rng.normal(size=(400, 3)).astype(np.float32), np.zeros(3, np.float32))
    rows = [names[k::3] for k in range(3)]
    shuffled = [list(reversed(r)) for r in rows]
    assert np.array_equal(model.logits(rows), model.logits(shuffled))
