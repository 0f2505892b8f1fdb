"""Training: a tiny annotated corpus written here -> a model that predicts what it was taught."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.extract import extract
from kg.extract.classifier import load_model
from kg.ingest import make_article
from kg.models import KGError
from kg.train import TrainOptions, read_conll04, read_corpus, train
from kg.train.gold import detokenize, fold_name, parse_gold

pytest.importorskip("sklearn")

# Units that "guard" a region: no rule of kg.extract.rules listens for the verb, so only a
# trained classifier can read operatesIn from it.
UNITS = [("Northern Brigade", "Arica region"), ("Coastal Battalion", "Tumbes region"),
         ("Andes Division", "Puno region"), ("Lake Squadron", "Titicaca region"),
         ("Desert Regiment", "Atacama region"), ("River Flotilla", "Loreto region"),
         ("Jungle Brigade", "Madre de Dios region"), ("Valley Battalion", "Cusco region"),
         ("Highland Regiment", "Pasco region"), ("Border Division", "Tacna region")]


def _write_corpus(root: Path) -> Path:
    (root / "texts").mkdir(parents=True)
    (root / "gold").mkdir()
    for k, (unit, region) in enumerate(UNITS):
        other_unit, other_region = UNITS[(k + 3) % len(UNITS)]
        text = (f"The {unit} guards the {region} every winter. "
                f"Reporters from the {other_region} met the {other_unit} on Monday.")
        (root / "texts" / f"a{k:02d}.txt").write_text(text, encoding="utf-8")
        gold = {"entities": {
            "u": {"label": unit, "type": "MilitaryOrganization", "aliases": []},
            "r": {"label": region, "type": "Region", "aliases": [region.removesuffix(" region")]},
            "ou": {"label": other_unit, "type": "MilitaryOrganization", "aliases": []},
            "or": {"label": other_region, "type": "Region", "aliases": [other_region.removesuffix(" region")]}},
            "triples": [{"s": "u", "p": "operatesIn", "o": "r"}]}
        (root / "gold" / f"a{k:02d}.json").write_text(json.dumps(gold), encoding="utf-8")
    return root


def test_a_model_trained_on_a_tiny_corpus_predicts_what_it_was_taught(tmp_path, nlp):
    items = read_corpus(_write_corpus(tmp_path / "toy"), split=None)
    model, report = train(items, options=TrainOptions(folds=2, seed=1, c=3.0, min_precision=0.5,
                                                      version="classifier.toy", per_property=True))
    assert report.articles == len(UNITS) and sorted(report.folds.values()) == [0] * 5 + [1] * 5
    assert report.cv.recall > report.cv_rules_only.recall  # the classifier learned what no rule knows
    # a property's own threshold moves only where that gains F1 at the precision asked for
    assert report.cv_uniform is not None and report.cv.f1 >= report.cv_uniform.f1
    assert report.cv.precision >= 0.5 or not report.per_property
    assert model.thresholds() == {p: report.per_property.get(p, report.threshold) for p in model.labels[1:]}
    path = tmp_path / "toy.npz"
    path.write_bytes(model.to_bytes())
    article = make_article("The Harbour Battalion guards the Callao region every winter.", "<new>")
    ex = extract(nlp(article.text), article, classifier=load_model(str(path)))
    names = {e.id: e.label for e in ex.entities}
    got = {(names[r.subject], r.predicate, names[r.object], r.provenance.rule) for r in ex.relations}
    assert ("Harbour Battalion", "operatesIn", "Callao", "classifier.toy") in got
    without = extract(nlp(article.text), article, classifier=None)
    assert not [r for r in without.relations if r.predicate == "operatesIn"]


def test_training_is_deterministic(tmp_path):
    items = read_corpus(_write_corpus(tmp_path / "toy"), split=None)
    opts = TrainOptions(folds=2, seed=5, c=1.0)
    first, _ = train(items, options=opts)
    second, _ = train(items, options=opts)
    assert first.to_bytes() == second.to_bytes()


def test_kg_train_writes_a_model_and_fold_models(tmp_path):
    corpus = _write_corpus(tmp_path / "toy")
    out, folds = tmp_path / "m.npz", tmp_path / "folds"
    result = CliRunner().invoke(app, ["train", str(corpus), "--out", str(out), "--folds", "2",
                                      "--fold-models", str(folds), "--c", "3"])
    assert result.exit_code == 0, result.output
    assert "cross-validated" in result.output and out.is_file()
    assert load_model(str(out)).meta["articles"] == len(UNITS)
    assert sorted(p.name for p in folds.iterdir()) == ["fold-0.npz", "fold-1.npz", "folds.json"]


def test_kg_train_explains_a_folder_that_is_not_a_corpus(tmp_path):
    result = CliRunner().invoke(app, ["train", str(tmp_path)])
    assert result.exit_code == 1 and "texts/NAME.txt and gold/NAME.json" in result.output


def test_gold_files_are_checked(tmp_path):
    with pytest.raises(KGError, match="not defined"):
        parse_gold({"entities": {"a": {"label": "A", "type": "Country"}},
                    "triples": [{"s": "a", "p": "partOf", "o": "b"}]}, "g.json")
    with pytest.raises(KGError, match="is not a gold graph"):
        parse_gold({"triples": []}, "g.json")


def test_split_file_selects_the_articles(tmp_path):
    corpus = _write_corpus(tmp_path / "toy")
    (corpus / "SPLIT.json").write_text(json.dumps({"train": ["a00", "a01"], "test": ["a02"]}))
    assert [a.name for a in read_corpus(corpus, "train")] == ["toy/a00", "toy/a01"]
    with pytest.raises(KGError, match="no split"):
        read_corpus(corpus, "dev")


def test_conll04_sentences_become_articles_with_mapped_relations(tmp_path):
    rec = {"tokens": ["Maria", "Lopez", ",", "a", "spokeswoman", "for", "the", "Lima", "Water", "Board",
                      ",", "said", "``", "no", "''", "."],
           "entities": [{"type": "Peop", "start": 0, "end": 2}, {"type": "Org", "start": 7, "end": 10}],
           "relations": [{"type": "Work_For", "head": 0, "tail": 1}]}
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    [item] = read_conll04(path)
    assert item.article.text == 'Maria Lopez, a spokeswoman for the Lima Water Board, said "no".'
    assert [e.label for e in item.gold.entities] == ["Maria Lopez", "Lima Water Board"]
    assert item.gold.triples[0].p == ("memberOf",)


def test_names_fold_like_the_reference_scorer():
    assert fold_name("The Peruvian Navy's") == fold_name("peruvian navy") == "peruvian navy"
    assert fold_name("Diálogo") == "dialogo"
    assert detokenize(["(", "FARC", ")", "is", "n't"]) == "(FARC) isn't"
