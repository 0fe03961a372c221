"""The gazetteer: data checks over kg/data/gazetteer and the lookup API."""
from __future__ import annotations

import re
import shutil
from collections import defaultdict

import pytest

from kg.errors import ConfigError
from kg.extract.gazetteer import (
    DATA_DIR, FILES, Entry, Match, PostInfo, load_gazetteer, normalise,
)

# surfaces listed for more than one state on purpose (see kg/data/gazetteer/README.md)
AMBIGUOUS = {
    "congo": {"COD", "COG"},
    "congolese": {"COD", "COG"},
    "korea": {"KOR", "PRK"},
    "dominican": {"DMA", "DOM"},
    "dominicans": {"DMA", "DOM"},
}

UN_MEMBERS = 193


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def _rows(name):
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    body = [ln for ln in lines if ln.strip() and not ln.startswith("#")]
    header = body[0].split("\t")
    return [dict(zip(header, ln.split("\t"))) for ln in body[1:]]


def keys(matches):
    return [(m.entry.key, m.via) for m in matches]


# ------------------------------------------------------------------ data


def test_file_row_counts():
    counts = {name: len(_rows(name)) for name in FILES}
    assert counts["states.tsv"] >= UN_MEMBERS + 2          # UN members + Palestine, Holy See
    assert counts["igos.tsv"] >= 80
    assert counts["news_agencies.tsv"] >= 20
    assert 50 <= counts["persons.tsv"] <= 150
    assert counts["posts.tsv"] >= 60


def test_every_file_names_its_sources():
    for name in FILES:
        head = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()[:8]
        assert any(ln.startswith("#") and "Source" in ln for ln in head), name


def test_states_complete_and_unique(gaz):
    rows = _rows("states.tsv")
    isos = [r["iso3"] for r in rows]
    qids = [r["qid"] for r in rows if r["qid"]]
    assert len(isos) == len(set(isos))
    assert len(qids) == len(set(qids))
    assert all(re.fullmatch(r"[A-Z]{3}", i) for i in isos)
    assert all(re.fullmatch(r"Q\d+", q) for q in qids)
    assert all(r["region"] for r in rows)
    for must in ("USA", "CHN", "RUS", "GBR", "FRA", "KOR", "PRK", "SSD", "PSE", "VAT", "TWN"):
        assert must in gaz.entries and gaz.entries[must].kind == "state"


@pytest.mark.parametrize("iso,qid", [
    ("KOR", "Q884"), ("PRK", "Q423"), ("CHN", "Q148"), ("USA", "Q30"), ("RUS", "Q159"),
    ("UKR", "Q212"), ("BLR", "Q184"), ("GNB", "Q1007"), ("YEM", "Q805"), ("ETH", "Q115"),
    ("ZAF", "Q258"), ("SOM", "Q1045"), ("KEN", "Q114"),
])
def test_known_state_qids(gaz, iso, qid):
    assert gaz.entries[iso].wikidata == qid


def test_igo_parents_exist_and_ids_are_unique(gaz):
    rows = _rows("igos.tsv")
    ks = [r["key"] for r in rows]
    assert len(ks) == len(set(ks))
    for r in rows:
        if r["parent"]:
            assert r["parent"] in gaz.entries and gaz.entries[r["parent"]].kind in ("igo", "igo_body")
        if r["kind"] == "igo_body":
            assert r["parent"], r["key"]
    all_qids = [e.wikidata for e in gaz.entries.values() if e.wikidata]
    assert len(all_qids) == len(set(all_qids))
    assert gaz.entries["UNSC"].parent == "UN"
    assert gaz.entries["AU_PSC"].parent == "AU"
    assert gaz.entries["EU_FAC"].parent == "EU_COUNCIL"
    assert gaz.entries["UN"].wikidata == "Q1065"
    assert gaz.entries["UNSC"].wikidata == "Q37470"


def test_required_organisations_present(gaz):
    required = """UN UNGA UNSC ECOSOC ICJ UNSG UNHRC OHCHR UNHCR UNICEF WFP WHO FAO IAEA UNDP UNESCO
    OCHA UNFPA UNRWA ILO IMF WORLD_BANK WTO ICAO IMO UNEP UN_WOMEN UNODC UNAIDS UNCTAD WMO UPU ITU
    WIPO IFAD UNIDO EU EU_COMMISSION EU_COUNCIL EUROPEAN_COUNCIL EU_PARLIAMENT EU_FAC EEAS ECB COE
    OSCE NATO AU AU_COMMISSION AU_PSC AU_PAP ECOWAS ECOWAS_COMMISSION SADC EAC IGAD ECCAS ARAB_LEAGUE
    GCC OIC ASEAN SAARC SCO APEC OAS CARICOM MERCOSUR CELAC COMMONWEALTH OPEC G7 G20 BRICS INTERPOL
    ICC PCA NON_ALIGNED PIF CIS CSTO EAEU""".split()
    missing = [k for k in required if k not in gaz.entries]
    assert not missing


def test_agencies_and_persons(gaz):
    for k in ("KCNA", "YONHAP", "XINHUA", "TASS", "IRNA", "SANA", "AFP", "REUTERS", "AP"):
        e = gaz.entries[k]
        assert e.kind == "organization" and e.country in gaz.entries
    assert gaz.entries["KCNA"].state_run is True and gaz.entries["REUTERS"].state_run is False
    for q in ("Q1253", "Q311440", "Q56226", "Q7747"):
        assert gaz.entries[f"person:{q}"].kind == "person"
    assert gaz.entries["person:Q1253"].country == "KOR"
    for e in gaz.entries.values():
        if e.kind == "person":
            assert e.key == (f"person:{e.wikidata}" if e.wikidata else e.key)
            assert e.country in gaz.entries


def test_no_surface_names_two_entries_except_documented(gaz):
    by_key = defaultdict(set)
    for surface, case_sensitive, key, via in gaz.surface_forms():
        if via in ("generic", "context_epithet"):
            continue  # shared on purpose: resolved from context
        by_key[(normalise(surface, keep_case=case_sensitive), case_sensitive)].add(key)
    clashes = {k: v for (k, _), v in by_key.items() if len(v) > 1}
    assert clashes == AMBIGUOUS


def test_surface_forms_shape(gaz):
    forms = list(gaz.surface_forms())
    assert len(forms) > 2000
    vias = {via for _, _, _, via in forms}
    assert vias == {"name", "abbrev", "capital", "seat", "demonym", "epithet", "context_epithet", "generic"}
    assert ("WHO", True, "WHO", "abbrev") in forms
    assert all(k in gaz.entries for _, _, k, _ in forms)
    assert all(cs is False for s, cs, _, via in forms if via != "abbrev" and " " in s)


# ------------------------------------------------------------------ lookups


@pytest.mark.parametrize("surface,expected", [
    ("Seoul", [("KOR", "capital")]),
    ("the Kremlin", [("RUS", "seat")]),
    ("Kremlin", [("RUS", "seat")]),
    ("the White House", [("USA", "seat")]),
    ("U.N. Security Council", [("UNSC", "name")]),
    ("UN Security Council", [("UNSC", "name")]),
    ("Security Council", [("UNSC", "name")]),
    ("UN", [("UN", "abbrev")]),
    ("U.N.", [("UN", "abbrev")]),
    ("the United Nations", [("UN", "name")]),
    ("WHO", [("WHO", "abbrev")]),
    ("who", []),
    ("North Korean", [("PRK", "demonym")]),
    ("South Koreans", [("KOR", "demonym")]),
    ("Beijing`s", [("CHN", "capital")]),
    ("China’s", [("CHN", "name")]),
    ("China's", [("CHN", "name")]),
    ("the Philippines'", [("PHL", "name")]),
    ("Côte d'Ivoire", [("CIV", "name")]),
    ("Cote d’Ivoire", [("CIV", "name")]),
    ("Ivory Coast", [("CIV", "name")]),
    ("Guinea Bissau", [("GNB", "name")]),
    ("U.S.", [("USA", "abbrev")]),
    ("US", [("USA", "abbrev")]),
    ("us", []),
    ("the United States", [("USA", "name")]),
    ("Washington, D.C.", [("USA", "capital")]),
    ("Kiev", [("UKR", "capital")]),
    ("Kyiv", [("UKR", "capital")]),
    ("Burma", [("MMR", "name")]),
    ("the Stalinist country", [("PRK", "epithet")]),
    ("the North", [("PRK", "context_epithet")]),
    ("the South", [("KOR", "context_epithet")]),
    ("Human Rights Council", [("UNHRC", "name")]),
    ("AU Commission", [("AU_COMMISSION", "name")]),
    ("G-20", [("G20", "name")]),
    ("KCNA", [("KCNA", "abbrev")]),
    ("Korean Central News Agency", [("KCNA", "name")]),
    ("Kim Jong Un", [("person:Q56226", "name")]),
    ("Kim Jong-un", [("person:Q56226", "name")]),
    ("Ban Ki\u2011moon", [("person:Q1253", "name")]),
    ("Ban Ki-moon", [("person:Q1253", "name")]),
    ("Antonio Guterres", [("person:Q311440", "name")]),
])
def test_lookup(gaz, surface, expected):
    assert keys(gaz.lookup(surface)) == expected


def test_lookup_ambiguous_returns_every_candidate(gaz):
    assert {m.entry.key for m in gaz.lookup("Congo")} == {"COD", "COG"}
    assert {m.entry.key for m in gaz.lookup("Korea")} == {"KOR", "PRK"}


def test_lookup_returns_match_objects(gaz):
    [m] = gaz.lookup("Pyongyang")
    assert isinstance(m, Match) and isinstance(m.entry, Entry)
    assert m.entry.label == "North Korea" and m.entry.wikidata == "Q423" and m.form == "Pyongyang"
    assert m.entry.country == "PRK" and m.entry.region == "Eastern Asia"


def test_normalise():
    assert normalise("the U.N.'s") == "un"
    assert normalise("Ban Ki\u2011moon") == normalise("Ban Ki-moon") == "ban ki moon"
    assert normalise("Côte d’Ivoire") == "cote d'ivoire"
    assert normalise("U.S.", keep_case=True) == "US"
    assert normalise("Trinidad & Tobago") == "trinidad and tobago"


def test_generic(gaz):
    councils = {e.key for e in gaz.by_generic("the council")}
    assert {"UNSC", "UNHRC", "AU_PSC"} <= councils
    assert {e.key for e in gaz.by_generic("council")} == councils
    assert {"EU", "ASEAN", "ECOWAS", "AU"} <= {e.key for e in gaz.by_generic("bloc")}
    assert [e.key for e in gaz.by_generic("the world body")] == ["UN"]
    assert {"NATO", "CSTO"} <= {e.key for e in gaz.by_generic("the alliance")}
    assert gaz.by_generic("the nonsense") == []


def test_posts(gaz):
    info = gaz.post("Secretary-General")
    assert info == PostInfo("secretary-general", "igo_head", "organization")
    assert gaz.post("secretary general") == info
    assert gaz.post("Foreign Minister").role == "foreign_minister"
    assert gaz.post("minister of foreign affairs").speaks_for == "state"
    assert gaz.post("Special Rapporteur").role == "rapporteur"
    assert gaz.post("spokesman").role == "spokesperson"
    assert gaz.post("korean foreign ministry spokesman") is None      # exact only
    title, found = gaz.find_post("U.N. Special Rapporteur on human rights in North Korea")
    assert (title, found.role) == ("special rapporteur", "rapporteur")
    assert gaz.find_post("Chinese foreign ministry spokesman")[1].role == "spokesperson"
    assert gaz.find_post("a plumber") is None


def test_version_hash_and_cache(gaz):
    h = gaz.version_hash()
    assert re.fullmatch(r"[0-9a-f]{64}", h)
    assert load_gazetteer() is gaz
    assert load_gazetteer(DATA_DIR) is gaz


# ------------------------------------------------------------------ validation


def _copy(tmp_path):
    for name in FILES:
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


def _append(path, line):
    with open(path, "a", encoding="utf-8") as f:
        f.write(line + "\n")


@pytest.mark.parametrize("name,line,message", [
    ("states.tsv", "Kor\tQ1\tBad\t\t\t\t\t\t\t\tEastern Asia", "iso3"),
    ("states.tsv", "ABC\tX12\tBad\t\t\t\t\t\t\t\tEastern Asia", "qid"),
    ("states.tsv", "KOR\tQ999999999\tDuplicate\t\t\t\t\t\t\t\tEastern Asia", "duplicate key 'KOR'"),
    ("igos.tsv", "ORPHAN\tigo_body\t\tOrphan body\t\t\tNO_SUCH_ORG\t", "parent 'NO_SUCH_ORG'"),
    ("igos.tsv", "BADKIND\tclub\t\tBad kind\t\t\t\t", "kind"),
    ("igos.tsv", "TOO\tigo\t\tMany\t\t\t\t\textra", "cells"),
    ("news_agencies.tsv", "NEWAG\t\tNew agency\t\t\tXYZ\tyes", "country 'XYZ'"),
    ("news_agencies.tsv", "NEWAG\t\tNew agency\t\t\tFRA\tmaybe", "state_run"),
    ("posts.tsv", "grand vizier\tvizier\tstate", "role"),
    ("persons.tsv", "Q1253\tBan again\t\tKOR\tSecretary-General", "duplicate key 'person:Q1253'"),
    ("state_organs.tsv", "NEW_ARMY\t\tNew Army\tNew Army\t\tFRA\tcavalry", "organ 'cavalry'"),
    ("state_organs.tsv", "NEW_ARMY\t\tNew Army\tNew Army\t\tXYZ\tmilitary", "country 'XYZ'"),
])
def test_malformed_file_raises_config_error(tmp_path, name, line, message):
    d = _copy(tmp_path)
    _append(d / name, line)
    with pytest.raises(ConfigError) as err:
        load_gazetteer(d)
    text = str(err.value)
    assert message in text
    assert name in text and re.search(rf"{re.escape(name)}:\d+", text)


def test_bad_header_raises_config_error(tmp_path):
    d = _copy(tmp_path)
    (d / "posts.tsv").write_text("# comment\ntitle\trole\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"posts\.tsv:2: header"):
        load_gazetteer(d)


def test_missing_file_raises_config_error(tmp_path):
    d = _copy(tmp_path)
    (d / "igos.tsv").unlink()
    with pytest.raises(ConfigError, match="igos.tsv"):
        load_gazetteer(d)


# ------------------------------------------------------------------ state organs and agent nouns


def test_named_state_organs(gaz):
    knesset = gaz.entries["KNESSET"]
    assert knesset.kind == "government" and knesset.country == "ISR" and knesset.organ == "legislature"
    assert [m.entry.key for m in gaz.lookup("IDF")] == ["IDF"]
    assert gaz.entries["IDF"].organ == "military"
    # one named entry at most per country and organ: generic mentions resolve to it
    seen = defaultdict(list)
    for e in gaz.entries.values():
        if e.organ:
            seen[(e.country, e.organ)].append(e.key)
    assert all(len(v) == 1 for v in seen.values()), {k: v for k, v in seen.items() if len(v) > 1}


def test_agent_nouns_name_defined_organs():
    from kg.extract.data import DATA, read_tsv

    organs = {r["organ"] for _, r in read_tsv(DATA / "organs.tsv", ("organ", "kind", "key", "label"))}
    rows = [r for _, r in read_tsv(DATA / "agents.tsv", ("phrase", "plural", "organ", "form", "code", "source"))]
    assert len(rows) > 300
    assert {r["organ"] for r in rows} <= organs
    assert {r["form"] for r in rows} == {"body", "member", "equipment"}
    assert all(r["source"] == "kg" or r["source"].startswith("Phoenix.agents.txt:") for r in rows)
    phrases = [r["phrase"] for r in rows]
    assert len(phrases) == len(set(phrases))
    by = {r["phrase"]: r for r in rows}
    assert (by["security force"]["organ"], by["riot police"]["organ"], by["warplane"]["organ"]) == \
        ("military", "police", "air_force")
    assert (by["soldier"]["form"], by["army"]["form"], by["warship"]["organ"]) == ("member", "body", "navy")


def test_derive_agents_types_petrarch_entries(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("derive_agents", DATA_DIR.parent.parent.parent / "scripts" / "derive_agents.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    src = tmp_path / "agents.txt"
    src.write_text("# comment\n!PERSON! = MAN, MEN\nRIOT_POLICE {} [~COP]\nPOLICE!PERSON! [~COP]\n"
                   "NAVAL_DESTROYER [~MIL]\nMILITARY_BASE [~MIL]\nARMY_INTELLIGENCE [~MILSPY]\n"
                   "SECURITY_FORCE [~COP]\nSECURITY_FORCE [~MIL]\nFARMER [~AGR]\nGUERRILLA [~REB]\n",
                   encoding="utf-8")
    rows, dropped = mod.derive(src)
    got = {r[0]: (r[1], r[2], r[3]) for r in rows}
    assert got == {
        "riot police": ("-", "police", "body"),
        "policeman": ("", "police", "member"),
        "policemen": ("", "police", "member"),
        "naval destroyer": ("", "navy", "equipment"),
        "army intelligence": ("", "intelligence", "body"),
        "security force": ("", "military", "body"),      # its military reading wins
        "guerrilla": ("", "rebels", "member"),
    }
    assert dropped == 2  # the base and the farmer
    out = tmp_path / "out.tsv"
    out.write_text("phrase\tplural\torgan\tform\tcode\tsource\nforces\t-\tmilitary\tbody\tMIL\tkg\n",
                   encoding="utf-8")
    assert mod.main([str(src), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "forces\t-\tmilitary\tbody\tMIL\tkg" in text and "riot police" in text
    assert mod.main([str(src), "--out", str(out), "--check"]) == 0


def test_name_word_classes():
    from kg.extract.data import words

    assert "in" in words("place_prep") and "province" in words("place_suffix")
    assert "royal" in words("state_qualifier") and "movement" in words("org_head")
    with pytest.raises(ConfigError, match="no word class"):
        words("no_such_class")


def test_state_kinds_name_states_of_the_gazetteer():
    from kg.extract.describe import state_kinds

    kinds = state_kinds()
    assert len(kinds) >= 25
    assert {"SAU", "JOR", "BHR", "MAR", "DNK"} <= kinds["kingdom"] and "QAT" not in kinds["kingdom"]
    assert kinds["gulf"] == {"ARE", "BHR", "KWT", "OMN", "QAT", "SAU"}
    assert {"JAM", "CUB", "HTI"} <= kinds["caribbean"] and "MEX" not in kinds["caribbean"]  # by region
    assert all(kinds.values())
