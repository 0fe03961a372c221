"""Data checks for kg/data/lexicons/*.tsv and tests of the loader kg.extract.lexicon."""
from __future__ import annotations

import ast
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from kg.errors import ConfigError
from kg.extract import lexicon
from kg.extract.lexicon import (
    CAMEO_CUES_FILE, CUE_COLUMNS, CUE_FILES, CUES_FILE, LEMMA_COLUMNS, LEMMAS_FILE, MODALITY_COLUMNS,
    MODALITY_FILE, Cue, ModalityCue, clear_cache, cues_for, lexicon_hash, load_cues, load_modality,
    match_modality, select_cue, select_cue_for_token,
)
from kg.model import ACT_TYPES

ROLE_RE = re.compile(r"^(dobj|iobj|xcomp|ccomp|pcomp|acl|advcl|oprd|poss|prep:[a-z]+)$")


def raw_rows(path: Path, ncols: int) -> list[tuple[int, list[str]]]:
    """Parse a lexicon TSV independently of the loader: (line, fields padded to ncols)."""
    rows, header = [], None
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if header is None:
            header = fields
            continue
        assert len(fields) <= ncols, f"{path.name}:{n}: too many fields"
        rows.append((n, fields + [""] * (ncols - len(fields))))
    return rows


CUE_ROWS = raw_rows(CUES_FILE, len(CUE_COLUMNS))
CAMEO_ROWS = raw_rows(CAMEO_CUES_FILE, len(CUE_COLUMNS))
BOTH = {"cues.tsv": CUE_ROWS, "cues_cameo.tsv": CAMEO_ROWS}
MOD_ROWS = raw_rows(MODALITY_FILE, len(MODALITY_COLUMNS))


@pytest.fixture(autouse=True)
def _fresh_cache():
    clear_cache()
    yield
    clear_cache()


# ------------------------------------------------------------ cues.tsv data

def test_cues_file_starts_with_sources_then_header():
    lines = CUES_FILE.read_text(encoding="utf-8").splitlines()
    comments = [ln for ln in lines[: lines.index("\t".join(CUE_COLUMNS))]]
    assert comments and all(ln.startswith("#") for ln in comments)
    text = " ".join(comments)
    assert "PLOVER" in text and "CAMEO" in text and "Schrodt" in text and "own" in text


def test_cameo_cues_file_names_its_source_and_licence():
    lines = CAMEO_CUES_FILE.read_text(encoding="utf-8").splitlines()
    text = " ".join(ln for ln in lines[: lines.index("\t".join(CUE_COLUMNS))])
    assert "PETRARCH2" in text and "MIT" in text and "CAMEO2PLOVER-2021" in text
    assert "scripts/derive_cues.py" in text


@pytest.mark.parametrize("name", sorted(BOTH))
def test_cue_rows_are_valid(name):
    rows = BOTH[name]
    assert len(rows) >= 250
    for n, (cue, pos, act, cameo, speech, addressee, content, stance, _notes, source) in rows:
        where = f"{name}:{n}"
        assert source, f"{where}: no source"
        if name == "cues.tsv":
            assert source == "kg", where
        else:
            assert re.fullmatch(r"CAMEO\.2\.0\.txt \(PETRARCH2, MIT\) [A-Z_-]+ line \d+", source), where
        assert re.fullmatch(r"[a-z][a-z'-]*( [a-z][a-z'-]*)*", cue), where
        assert pos in ("VERB", "NOUN", "ADJ"), where
        assert act in ACT_TYPES, where
        assert re.fullmatch(r"\d{2,4}", cameo), where
        assert speech in ("yes", "no"), where
        assert stance in ("support", "oppose", ""), where
        for col in (addressee, content):
            for role in filter(None, col.split("|")):
                assert ROLE_RE.match(role), f"{where}: role {role!r}"


@pytest.mark.parametrize("name", sorted(BOTH))
def test_no_duplicate_cue_pos(name):
    dups = [k for k, c in Counter((r[0], r[1]) for _, r in BOTH[name]).items() if c > 1]
    assert not dups


def test_derived_rows_never_repeat_a_hand_row():
    """Hand rows win: the derivation writes no (cue, pos) that cues.tsv already has."""
    hand = {(r[0], r[1]) for _, r in CUE_ROWS}
    assert not [r[:2] for _, r in CAMEO_ROWS if (r[0], r[1]) in hand]


def test_every_act_type_has_cues():
    acts = Counter(r[2] for _, r in CUE_ROWS)
    assert set(acts) == set(ACT_TYPES)


@pytest.mark.parametrize("name", sorted(BOTH))
def test_cameo_codes_fall_in_plausible_roots(name):
    """A cue's CAMEO root agrees with the PLOVER category it is filed under (our mapping)."""
    roots = {
        "STATEMENT": {"01"}, "REQUEST": {"02", "10"}, "AGREE": {"03", "05"}, "CONSULT": {"04"},
        "SUPPORT": {"05", "03"}, "COOPERATE": {"06"}, "AID": {"07", "03"},
        "CONCEDE": {"08", "05"}, "RETREAT": {"08"}, "ACCUSE": {"09", "11"}, "REJECT": {"12", "01"},
        "THREATEN": {"13"}, "PROTEST": {"14"}, "MOBILIZE": {"15"}, "SANCTION": {"16", "11"},
        "COERCE": {"17", "19"}, "ASSAULT": {"18", "19", "20", "17"},  # 1712 destroy property
    }
    for n, r in BOTH[name]:
        assert r[3][:2] in roots[r[2]], f"{name}:{n}: {r[0]} {r[2]} {r[3]}"


@pytest.mark.parametrize("cue,pos,act", [
    ("urge", "VERB", "REQUEST"),
    ("call on", "VERB", "REQUEST"),
    ("call for", "VERB", "REQUEST"),
    ("appeal to", "VERB", "REQUEST"),
    ("condemn", "VERB", "ACCUSE"),
    ("accuse", "VERB", "ACCUSE"),
    ("sanction", "VERB", "SANCTION"),
    ("sanction", "NOUN", "SANCTION"),
    ("impose sanction", "VERB", "SANCTION"),
    ("meet", "VERB", "CONSULT"),
    ("visit", "VERB", "CONSULT"),
    ("sign", "VERB", "AGREE"),
    ("say", "VERB", "STATEMENT"),
    ("welcome", "VERB", "SUPPORT"),
    ("commend", "VERB", "SUPPORT"),
    ("reject", "VERB", "REJECT"),
    ("deny", "VERB", "REJECT"),
    ("fire", "VERB", "ASSAULT"),
    ("mobilize", "VERB", "MOBILIZE"),
    ("put on alert", "VERB", "MOBILIZE"),
    ("threaten", "VERB", "THREATEN"),
    ("demonstrate", "VERB", "PROTEST"),
    ("arrest", "VERB", "COERCE"),
    ("donate", "VERB", "AID"),
    ("cooperate", "VERB", "COOPERATE"),
    ("withdraw", "VERB", "RETREAT"),
    ("apologize", "VERB", "CONCEDE"),
    ("express concern", "VERB", "STATEMENT"),
    ("look forward to", "VERB", "SUPPORT"),
    ("stand ready", "VERB", "SUPPORT"),
    ("mobilize assistance", "VERB", "AID"),
    ("condemnation", "NOUN", "ACCUSE"),
    ("demand", "NOUN", "REQUEST"),
])
def test_spot_checks(cue, pos, act):
    found = [c for c in load_cues()[cue.split()[0]] if c.cue == cue and c.pos == pos]
    assert len(found) == 1 and found[0].act == act


def test_spot_check_details():
    urge = select_cue("urge", "VERB")
    assert urge.cameo == "020" and urge.speech and urge.stance == "support"
    assert urge.addressee == ("dobj",) and "xcomp" in urge.content
    condemn = select_cue("condemn", "VERB")
    assert condemn.cameo == "111" and condemn.stance == "oppose"
    assert select_cue("accuse", "VERB").cameo == "112"
    assert select_cue("sanction", "VERB").cameo == "163" and not select_cue("sanction", "VERB").speech
    assert select_cue("say", "VERB").cameo == "010" and select_cue("say", "VERB").stance is None
    assert select_cue("call", "VERB", {"on"}).addressee == ("prep:on",)


# ------------------------------------------------------------ modality.tsv data

def test_modality_rows_are_valid():
    lines = MODALITY_FILE.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#") and "PLOVER" in " ".join(lines[:8])
    assert len(MOD_ROWS) >= 60
    for n, (cue, pos, modality, scope, _notes) in MOD_ROWS:
        where = f"modality.tsv:{n}"
        assert cue == cue.lower() and cue.strip() == cue, where
        assert pos in ("AUX", "VERB", "ADV", "ADJ", "NOUN", "any"), where
        assert modality in ("planned", "hypothetical", "denied", "reported"), where
        assert scope in ("head", "xcomp", "ccomp"), where
    assert {r[2] for _, r in MOD_ROWS} == {"planned", "hypothetical", "denied", "reported"}
    dups = [k for k, c in Counter((r[0], r[1]) for _, r in MOD_ROWS).items() if c > 1]
    assert not dups


@pytest.mark.parametrize("cue,modality,scope", [
    ("plan", "planned", "xcomp"),
    ("be set to", "planned", "xcomp"),
    ("take step", "planned", "xcomp"),
    ("will", "planned", "head"),
    ("could", "hypothetical", "head"),
    ("likely", "hypothetical", "head"),
    ("not", "denied", "head"),
    ("deny", "denied", "ccomp"),
    ("reportedly", "reported", "head"),
    ("according to", "reported", "head"),
])
def test_modality_spot_checks(cue, modality, scope):
    rows = [m for m in load_modality() if m.cue == cue]
    assert rows and (rows[0].modality, rows[0].scope) == (modality, scope)


# ------------------------------------------------------------ loader behaviour

def test_load_cues_keyed_by_first_word_longest_first():
    cues = load_cues()
    aliases = dict(r[1][:2] for r in raw_rows(LEMMAS_FILE, len(LEMMA_COLUMNS)))
    assert all(isinstance(c, Cue) for v in cues.values() for c in v)
    assert all(c.head == aliases.get(key, key) for key, v in cues.items() for c in v)
    calls = [c.cue for c in cues["call"]]
    assert {"call on", "call for", "call upon", "call"} <= set(calls)
    lengths = [len(c.words) for c in cues["call"]]
    assert lengths == sorted(lengths, reverse=True)
    assert sum(len(v) for k, v in cues.items() if k not in aliases) == len(CUE_ROWS) + len(CAMEO_ROWS)
    assert cues["stag"] is not cues["stage"] and cues["stag"] == cues["stage"]  # "staged" -> "stag"


def test_select_cue_prefers_longest_matching_multiword():
    assert select_cue("call", "VERB", {"on", "japan", "withdraw"}).cue == "call on"
    assert select_cue("call", "VERB", {"for", "return"}).act == "REQUEST"
    assert select_cue("call", "VERB", {"move", "provocation"}).cue == "call"
    assert select_cue("call", "NOUN").act == "REQUEST"
    assert select_cue("put", "VERB", {"troop", "on", "high", "alert"}).act == "MOBILIZE"
    assert select_cue("put", "VERB", {"on", "table"}) is None
    assert select_cue("mobilize", "VERB", {"much-needed", "assistance"}).act == "AID"
    assert select_cue("mobilize", "VERB", {"troop"}).act == "MOBILIZE"
    assert select_cue("express", "VERB", {"grave", "concern", "over"}).cue == "express concern"
    assert select_cue("Reiterate", "VERB", {"Call", "for"}).act == "REQUEST"
    assert select_cue("nonexistent") is None
    assert cues_for("sanction", "NOUN")[0].pos == "NOUN"


def test_records_are_frozen_and_typed():
    cue = select_cue("urge", "VERB")
    with pytest.raises(Exception):
        cue.act = "ASSAULT"  # type: ignore[misc]
    assert isinstance(cue.addressee, tuple) and isinstance(cue.content, tuple)
    assert isinstance(load_modality()[0], ModalityCue)


def test_results_are_cached():
    a = load_cues()
    assert load_cues() is a  # shared read-only dict: per-token calls are free
    assert lexicon._parse_cues.cache_info().misses == len(CUE_FILES)
    load_modality().clear()  # a fresh list each call
    assert load_modality() and lexicon._parse_modality.cache_info().misses == 1


def test_cache_holds_until_cleared(tmp_path):
    p = tmp_path / "cues.tsv"
    p.write_text("\t".join(CUE_COLUMNS) + "\nurge\tVERB\tREQUEST\t020\tyes\tdobj\txcomp\tsupport\t\n",
                 encoding="utf-8")
    assert load_cues(p)["urge"][0].act == "REQUEST"
    p.write_text("\t".join(CUE_COLUMNS) + "\nurge\tVERB\tACCUSE\t111\tyes\n", encoding="utf-8")
    assert load_cues(p)["urge"][0].act == "REQUEST"
    clear_cache()
    assert load_cues(p)["urge"][0].act == "ACCUSE"


def test_trailing_empty_columns_may_be_left_off(tmp_path):
    p = tmp_path / "cues.tsv"
    p.write_text("# src\n" + "\t".join(CUE_COLUMNS) + "\nsay\tVERB\tSTATEMENT\t010\tyes\n", encoding="utf-8")
    cue = load_cues(p)["say"][0]
    assert cue.addressee == () and cue.content == () and cue.stance is None and cue.notes == ""


HEADER = "\t".join(CUE_COLUMNS)
GOOD = "urge\tVERB\tREQUEST\t020\tyes\tdobj\txcomp\tsupport\tnote"


@pytest.mark.parametrize("bad,fragment", [
    ("urge\tVERB\tPLEAD\t020\tyes\tdobj\txcomp\tsupport\t", "act 'PLEAD'"),
    ("urge\tVERB\tREQUEST\t2\tyes\tdobj\txcomp\tsupport\t", "cameo '2'"),
    ("urge\tVERB\tREQUEST\t02a\tyes\t\t\t\t", "cameo"),
    ("urge\tVERB\tREQUEST\t020\tmaybe\t\t\t\t", "speech"),
    ("urge\tVERB\tREQUEST\t020\tyes\tsubject\txcomp\tsupport\t", "addressee role 'subject'"),
    ("urge\tVERB\tREQUEST\t020\tyes\tdobj\tprep:\tsupport\t", "content role"),
    ("urge\tVERB\tREQUEST\t020\tyes\tdobj\txcomp\tpositive\t", "stance 'positive'"),
    ("urge\tADV\tREQUEST\t020\tyes\t\t\t\t", "pos 'ADV'"),
    ("Urge\tVERB\tREQUEST\t020\tyes\t\t\t\t", "lower-case"),
    ("urge\tVERB\tREQUEST", "at least 5"),
    (GOOD + "\tkg\textra", "at most 10"),
    (GOOD, "duplicate cue 'urge'"),
])
def test_malformed_cue_rows_raise_config_error_with_file_and_line(tmp_path, bad, fragment):
    p = tmp_path / "cues.tsv"
    p.write_text(f"# sources\n{HEADER}\n{GOOD}\n\n{bad}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_cues(p)
    err = exc.value
    assert err.source == str(p) and err.line == 5
    assert f"{p}:5" in str(err) and fragment in str(err)


def test_bad_header_and_missing_file(tmp_path):
    p = tmp_path / "cues.tsv"
    p.write_text("# c\ncue\tpos\tact\n" + GOOD + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_cues(p)
    assert exc.value.line == 2 and "header" in str(exc.value)
    with pytest.raises(ConfigError) as exc:
        load_cues(tmp_path / "missing.tsv")
    assert "missing.tsv" in str(exc.value)
    empty = tmp_path / "empty.tsv"
    empty.write_text("# only comments\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_modality(empty)


@pytest.mark.parametrize("bad,fragment", [
    ("soon\tADV\tfuture\thead\t", "modality 'future'"),
    ("soon\tADV\tplanned\tclause\t", "scope 'clause'"),
    ("soon\tPRON\tplanned\thead\t", "pos 'PRON'"),
    ("will\tAUX\tplanned\thead\t", "duplicate"),
])
def test_malformed_modality_rows(tmp_path, bad, fragment):
    p = tmp_path / "modality.tsv"
    p.write_text("\t".join(MODALITY_COLUMNS) + "\nwill\tAUX\tplanned\thead\tx\n" + bad + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_modality(p)
    assert exc.value.line == 3 and str(p) in str(exc.value) and fragment in str(exc.value)


def test_match_modality():
    found = match_modality(["is", "set", "to", "impose"], ["be", "set", "to", "impose"])
    assert [(s, e, c.cue, c.modality) for s, e, c in found] == [(0, 3, "be set to", "planned")]
    found = match_modality(["According", "to", "sources", ",", "Seoul", "will", "likely", "protest"],
                           ["accord", "to", "source", ",", "Seoul", "will", "likely", "protest"])
    assert [(c.cue, c.modality) for _, _, c in found] == [
        ("according to", "reported"), ("will", "planned"), ("likely", "hypothetical")]
    found = match_modality(["China", "did", "n't", "attack"], ["China", "do", "not", "attack"])
    assert [c.modality for _, _, c in found] == ["denied"]
    assert match_modality(["In", "May", "Seoul", "met"], pos=["ADP", "PROPN", "PROPN", "VERB"]) == []
    planned = match_modality(["Seoul", "plans", "to", "raise"], ["Seoul", "plan", "to", "raise"],
                             ["PROPN", "VERB", "PART", "VERB"])
    assert [(c.cue, c.pos, c.scope) for _, _, c in planned] == [("plan", "VERB", "xcomp")]
    with pytest.raises(ValueError):
        match_modality(["a", "b"], ["a"])


def test_lexicon_hash(tmp_path):
    h = lexicon_hash()
    assert re.fullmatch(r"[0-9a-f]{64}", h) and h == lexicon_hash()
    copies = [tmp_path / p.name for p in (*CUE_FILES, LEMMAS_FILE, MODALITY_FILE)]
    for src, dst in zip((*CUE_FILES, LEMMAS_FILE, MODALITY_FILE), copies):
        dst.write_bytes(src.read_bytes())
    assert lexicon_hash(copies) == h  # only names and bytes count, not the folder
    for i in range(len(copies)):  # every file of the lexicon enters the hash
        before = copies[i].read_bytes()
        copies[i].write_bytes(before + b"\n")
        assert lexicon_hash(copies) != h, copies[i].name
        copies[i].write_bytes(before)
    with pytest.raises(ConfigError):
        lexicon_hash([tmp_path / "nope.tsv"])


def test_loader_uses_standard_library_only():
    src = Path(lexicon.__file__).read_text(encoding="utf-8")
    mods = set()
    for node in ast.walk(ast.parse(src)):
        if isinstance(node, ast.Import):
            mods |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            mods.add(node.module.split(".")[0])
    assert mods - {"kg", "__future__"} <= set(sys.stdlib_module_names)


class Tok:
    """Just enough of a spaCy token for select_cue_for_token."""

    def __init__(self, text, lemma=None, pos="NOUN", kids=(), ws=" "):
        self.text, self.lemma_, self.pos_ = text, lemma or text.lower(), pos
        self.children, self.whitespace_ = list(kids), ws
        self.doc, self.i = None, None


def sentence(*toks):
    for i, t in enumerate(toks):
        t.doc, t.i = list(toks), i
    return toks


def test_select_cue_for_token_walks_dependents_not_the_whole_subtree():
    alert = Tok("alert")
    put = Tok("put", pos="VERB", kids=[Tok("troops", "troop"), Tok("on", pos="ADP", kids=[Tok("high"), alert])])
    assert select_cue_for_token(put).cue == "put on alert"
    # 'on' deep under the object does not make 'call on'
    called = Tok("called", "call", "VERB", kids=[Tok("move", kids=[Tok("on", pos="ADP", kids=[Tok("Monday")])])])
    assert select_cue_for_token(called).cue == "call"
    called_on = Tok("called", "call", "VERB", kids=[Tok("on", pos="ADP", kids=[Tok("Japan", pos="PROPN")])])
    assert select_cue_for_token(called_on).act == "REQUEST"
    freeze = Tok("freeze", pos="VERB", kids=[Tok("assets", "asset", kids=[Tok("of", pos="ADP")])])
    assert select_cue_for_token(freeze).cue == "freeze asset"


def test_select_cue_for_token_pos_and_hyphen():
    assert select_cue_for_token(Tok("State", "State", "PROPN")) is None
    assert select_cue_for_token(Tok("mass", pos="ADJ")) is None
    assert select_cue_for_token(Tok("sanctions", "sanction", "NOUN")).pos == "NOUN"
    test, dash, fired = sentence(Tok("test", ws=""), Tok("-", pos="PUNCT", ws=""),
                                 Tok("fired", "fire", "VERB", kids=[Tok("missile")]))
    assert select_cue_for_token(fired).act == "MOBILIZE"
    plain = Tok("fired", "fire", "VERB", kids=[Tok("at", pos="ADP")])
    assert select_cue_for_token(plain).act == "ASSAULT"


def test_issue_vocabulary_is_consistent():
    """Every broader issue named in issues.tsv is itself a row; actions map to one action each."""
    from kg.extract.issues import actions, vocabulary

    rows = vocabulary()
    keys = {r[0] for r in rows}
    assert len(keys) == len(rows) >= 20
    assert {b for r in rows for b in r[4]} <= keys
    assert actions()["deport"] == actions()["repatriate"] == "repatriation"


def test_event_kinds_are_in_the_scheme():
    from rdflib import Graph
    from rdflib.namespace import SKOS

    from kg.extract.events import triggers
    from kg.rdf.namespaces import EVENT_KIND
    from kg.resources import repo_path

    g = Graph().parse(repo_path("ontology") / "schemes.ttl")
    scheme = {str(s)[len(str(EVENT_KIND)):] for s in g.subjects(SKOS.inScheme, None) if str(s).startswith(str(EVENT_KIND))}
    single, double = triggers()
    kinds = set(single.values()) | set(double.values())
    assert kinds - {"-"} <= scheme, kinds - scheme


def test_every_event_kind_has_its_act_row():
    """event_acts.tsv covers the event-kinds scheme exactly; acts are PLOVER's 16 (no STATEMENT)
    and each CAMEO code's root agrees with the act as the cue rows' codes do."""
    from rdflib import Graph
    from rdflib.namespace import SKOS

    from kg.extract.data import LEXICONS, read_tsv
    from kg.model import ACT_TYPES
    from kg.rdf.namespaces import EVENT_KIND
    from kg.resources import repo_path

    g = Graph().parse(repo_path("ontology") / "schemes.ttl")
    scheme = {str(s)[len(str(EVENT_KIND)):] for s in g.subjects(SKOS.inScheme, None) if str(s).startswith(str(EVENT_KIND))}
    rows = [r for _, r in read_tsv(LEXICONS / "event_acts.tsv", ("kind", "act", "cameo"))]
    assert {r["kind"] for r in rows} == scheme
    assert len(rows) == len(scheme)
    for r in rows:
        if r["act"]:
            assert r["act"] in ACT_TYPES and r["act"] != "STATEMENT", r
            assert r["cameo"].isdigit() and 2 <= len(r["cameo"]) <= 4, r
        else:
            assert not r["cameo"], r
    acts = {r["kind"]: r["act"] for r in rows}
    assert acts["meeting"] == acts["visit"] == acts["talks"] == "CONSULT"


def test_act_codes_agree_across_data_ontology_and_shapes():
    """kg/data/lexicons/act_types.tsv, the act types' kg:cameoCodes and the SHACL code check
    list the same prefixes; every cue row's code, and each default and threat code, agrees."""
    import re

    from rdflib import Graph

    from kg.extract import codes
    from kg.model import ACT_TYPES
    from kg.rdf.namespaces import ACT, KG
    from kg.resources import repo_path

    table = codes.table()
    assert set(table) == set(ACT_TYPES)
    onto = Graph().parse(repo_path("ontology") / "schemes.ttl")
    shapes = (repo_path("shapes") / "kg.shapes.ttl").read_text(encoding="utf-8")
    for act, (default, prefixes, threat, stance) in table.items():
        assert {str(x) for x in onto.objects(ACT[act], KG.cameoCodes)} == set(prefixes), act
        assert f'kgsh:CodeOf{act}-code a sh:PropertyShape ; sh:path kg:cameoCode ; sh:pattern "^({"|".join(prefixes)})" ;' in shapes
        assert codes.agreeing(act, default) == default
        if threat:
            assert codes.agreeing("THREATEN", threat) == threat
    assert codes.agreeing("ACCUSE", "010") == "110" and codes.agreeing("ACCUSE", "112") == "112"
    for name, rows in BOTH.items():
        for n, r in rows:
            assert codes.agreeing(r[2], r[3]) == r[3], f"{name}:{n}: {r[0]} {r[2]} {r[3]}"
    assert re.search(r"sh:targetClass kg:Statement ;\s+sh:message \"A statement's kg:cameoCode", shapes)


def test_word_classes_are_data_with_a_clear_error():
    from kg.errors import ConfigError
    from kg.extract.data import words

    assert "violate" in words("negative_words") and "unless" in words("threat_markers")
    assert all(w == w.lower() and w.strip() == w for w in words("negating_heads"))
    with pytest.raises(ConfigError, match="no word class 'nope'; the classes are"):
        words("nope")

# ------------------------------------------------------------ two cue files, lemma aliases

def test_hand_rows_win_over_derived_rows(tmp_path):
    hand, derived = tmp_path / "cues.tsv", tmp_path / "cues_cameo.tsv"
    hand.write_text(f"{HEADER}\nurge\tVERB\tREQUEST\t020\tyes\tdobj\txcomp\tsupport\t\tkg\n", encoding="utf-8")
    derived.write_text(f"# derived\n{HEADER}\nurge\tVERB\tACCUSE\t111\tyes\t\t\t\t\tCAMEO.2.0.txt (PETRARCH2, MIT) X line 1\n"
                       "urge restraint\tVERB\tREQUEST\t025\tyes\tdobj\t\tsupport\t\tCAMEO.2.0.txt (PETRARCH2, MIT) X line 2\n",
                       encoding="utf-8")
    rows = load_cues([hand, derived])["urge"]
    assert [(c.cue, c.act, c.source) for c in rows] == [
        ("urge restraint", "REQUEST", "CAMEO.2.0.txt (PETRARCH2, MIT) X line 2"), ("urge", "REQUEST", "kg")]
    assert load_cues([derived, hand])["urge"][-1].act == "ACCUSE"  # the earlier file wins
    assert load_cues(hand)["urge"][0].source == "kg"


def test_malformed_derived_row_names_its_file_and_line(tmp_path):
    hand, derived = tmp_path / "cues.tsv", tmp_path / "cues_cameo.tsv"
    hand.write_text(f"{HEADER}\n{GOOD}\tkg\n", encoding="utf-8")
    derived.write_text(f"# derived\n{HEADER}\nslay\tVERB\tKILL\t190\tno\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_cues([hand, derived])
    assert exc.value.source == str(derived) and exc.value.line == 3 and "act 'KILL'" in str(exc.value)


@pytest.mark.parametrize("body,fragment", [
    ("stag\tstage\tstaged\nstag\tstage\tstages\n", "duplicate lemma 'stag'"),
    ("Stag\tstage\tstaged\n", "one lower-case word"),
    ("stag\n", "at least 2"),
])
def test_malformed_lemma_rows(tmp_path, body, fragment):
    p = tmp_path / "cue_lemmas.tsv"
    p.write_text("# aliases\n" + "\t".join(LEMMA_COLUMNS) + "\n" + body, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        lexicon._parse_lemmas(str(p))
    assert exc.value.source == str(p) and exc.value.line in (3, 4) and fragment in str(exc.value)


def test_lemma_aliases_file_spacy_lemmas_of_regular_forms():
    """spaCy lemmatises "staged" as "stag" and "hoped" as "hop": the cues of the head verb are
    found under those lemmas too, and an alias never hides a head of its own."""
    rows = raw_rows(LEMMAS_FILE, len(LEMMA_COLUMNS))
    aliases = {r[0]: r[1] for _, r in rows}
    assert aliases["stag"] == "stage" and aliases["hop"] == "hope"
    cues = load_cues()
    heads = {c.head for v in cues.values() for c in v}
    assert not set(aliases) & heads
    assert select_cue("hop", "VERB").cue == "hope"
    assert select_cue("stag", "VERB", {"protest"}).cue == "stage protest"
