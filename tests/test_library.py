"""The library as a Python user meets it (issue 13, item 10): another spaCy pipeline, records
as JSON, documented entry points, the extras that install what a feature needs."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from kg.errors import ConfigError
from kg.model import Records, Span

ROOT = Path(__file__).resolve().parent.parent
TEXT = "Seoul urged Beijing not to deport North Korean defectors."


def _summary(result) -> list:
    return [(s.speaker, s.act, s.addressee) for s in result.records.statements]


@pytest.mark.slow
def test_pipeline_takes_a_model_name_or_a_loaded_spacy_pipeline(pipeline):
    import spacy

    from kg.nlp import MODELS
    from kg.pipeline import Pipeline

    want = _summary(pipeline.process_text(TEXT, doc_id="d"))
    assert want
    installed = next(m for m in MODELS if spacy.util.is_package(m))
    by_name = Pipeline(installed, validate=False)
    assert _summary(by_name.process_text(TEXT, doc_id="d")) == want
    own = spacy.load(installed)
    by_object = Pipeline(own, validate=False)
    assert by_object.nlp is own and "kg_line_breaks" in own.pipe_names
    assert _summary(by_object.process_text(TEXT, doc_id="d")) == want
    assert by_object.config["pipeline"] == own.pipe_names
    with pytest.raises(ConfigError, match="parser"):
        Pipeline(spacy.blank("en"))
    with pytest.raises(ConfigError, match="no-such-model"):
        Pipeline("no-such-model")


@pytest.mark.slow
def test_records_to_dict_and_json(pipeline):
    r = pipeline.process_text(TEXT, doc_id="d", published="2012-02-23")
    d = r.records.to_dict()
    assert json.loads(r.records.to_json()) == d
    assert d["article"]["id"] == "d" and d["article"]["published"] == "2012-02-23"
    assert "nlp_text" not in d["article"]
    st = d["statements"][0]
    start, end = st["span"]
    assert TEXT[start:end] and st["act"] == "REQUEST"
    assert set(d) >= {"actors", "statements", "positions", "quotes", "events"}


def test_records_to_dict_without_spacy():
    from kg.model import Actor, Article, Mention, Statement

    a = Article(id="x", text="Seoul spoke.")
    r = Records(a, actors={"KOR": Actor("KOR", "South Korea", "state",
                                        mentions=[Mention(Span(0, 5), "Seoul")])},
                statements=[Statement("KOR", "STATEMENT", Span(0, 12), "speak", Span(6, 11))])
    d = r.to_dict()
    assert d["actors"]["KOR"]["mentions"] == [{"span": [0, 5], "text": "Seoul", "rule": ""}]
    assert d["statements"][0]["span"] == [0, 12] and d["statements"][0]["date"] is None
    assert json.loads(r.to_json(indent=1)) == d


@pytest.mark.parametrize("target", ["kg.pipeline:Pipeline", "kg.pipeline:Pipeline.process_text",
                                    "kg.pipeline:Pipeline.process", "kg.pipeline:Pipeline.build",
                                    "kg.pipeline:Result", "kg.query:run_query", "kg.query.run:Result.records",
                                    "kg.query.run:Result.to_dataframe", "kg.model:Records.to_dict"])
def test_entry_points_are_documented(target):
    import importlib

    module, _, name = target.partition(":")
    obj = importlib.import_module(module)
    for part in name.split("."):
        obj = getattr(obj, part)
    assert obj.__doc__ and len(obj.__doc__.split()) >= 8, target


def test_to_dataframe(tmp_path):
    from kg.query import run_query

    result = run_query("summary", [ROOT / "tests" / "fixtures" / "queries"])
    df = result.to_dataframe()
    assert list(df.columns) == result.variables and len(df) == len(result) == 2
    assert sorted(df["id"]) == ["seoul-urges-beijing", "un-china-defectors"]


def test_extras_install_what_features_need():
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert any(d.startswith("oxigraph") for d in extras["serve"])       # kg serve
    assert any(d.startswith("pandas") for d in extras["pandas"])        # Result.to_dataframe
    assert any(d.startswith("dask") for d in extras["dask"])
    for name in ("serve", "pandas", "dask"):                           # the tests use them all
        assert {d.split("[")[0].split(">")[0].split("=")[0] for d in extras[name]} <= \
            {d.split("[")[0].split(">")[0].split("=")[0] for d in extras["dev"]}, name
