#!/usr/bin/env python3
"""Derive kg/data/gazetteer/agents.tsv from PETRARCH's agent dictionary (a development tool).

    python scripts/derive_agents.py PATH/TO/Phoenix.agents.txt            # rewrite agents.tsv
    python scripts/derive_agents.py PATH/TO/Phoenix.agents.txt --check    # exit 1 if not current

The agents dictionary of the PETRARCH2 event coder (Open Event Data Alliance, MIT licence;
github.com/openeventdata/petrarch2, ``petrarch2/data/dictionaries/Phoenix.agents.txt``) lists
the common nouns that name the sectors of a state or society ("ARMY [~MIL]", "RIOT_POLICE {}
[~COP]", "LAWMAKER [~LEG]"). kg keeps the agents that name an organ of the state or an armed
group, and types each one:

* ``organ``: which organ the noun names, from its CAMEO sector code: MIL -> military (navy or
  air_force when a word of the phrase names a ship or an aircraft), COP -> police, JUD ->
  judiciary, LEG -> legislature, SPY -> intelligence, REB and UAF -> rebels (armed groups),
  GOV -> agency for the bodies headed by commission, committee, council, agency, bureau,
  board, embassy, consulate or secretariat (each its own actor: "the election commission").
* ``form``: ``body`` (the institution or a collective noun: "army", "police", "security
  forces", "parliament"), ``member`` (one of its people: "soldier", "judge", "lawmaker";
  several members stand for the body, one member is a person with a post) or ``equipment``
  ("warplane", "warship": the organ that operates it). The form is read from the phrase's
  head noun (its last word, or the word before "of": "member of parliament"); a phrase whose
  head is none of these (bases, weapons, abstract nouns, lawyers in private practice, type
  designations of aircraft) is left out.

Rows marked ``kg`` in the source column are kept from the current file as they are (forms that
the dictionary lacks, e.g. the plural-only "forces"). Output is sorted and deterministic.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "kg" / "data" / "gazetteer" / "agents.tsv"
HEADER = ("phrase", "plural", "organ", "form", "code", "source")

ORGAN_OF_SECTOR = {"MIL": "military", "COP": "police", "JUD": "judiciary", "LEG": "legislature",
                   "SPY": "intelligence", "REB": "rebels", "UAF": "rebels", "GOV": "agency"}
# government bodies (GOV) kg reads as agencies of their own: one actor per body and country
# ("the election commission", "the embassy"); the government itself, its ministries and its
# officials are read elsewhere (kg.extract.actors, ministries.tsv, posts.tsv)
AGENCY_HEADS = {"commission", "committee", "council", "agency", "bureau", "board", "embassy", "consulate",
                "secretariat"}
NOT_AGENCIES = {"security council", "government commission", "special commission", "advisory board"}
# combined codes whose first sector is not the organ (GOVMIL is a defence ministry, a junta:
# not the armed forces themselves)
SKIP_CODES = {"GOVMIL", "MILHLH"}
NAVAL = {"navy", "naval", "warship", "destroyer", "frigate", "cruiser", "corvette", "battleship",
         "battlewagon", "seaman", "seamen", "ship", "vessel", "boat", "carrier", "coast"}
AIR = {"air", "aircraft", "airman", "jet", "jetfighter", "plane", "planes", "bomber", "bombers",
       "drone", "drones", "helicopter", "helicopters", "gunship", "warplane", "uav"}

# head nouns by form (the typology this script applies; everything else is left out)
BODY = {"force", "forces", "army", "armies", "military", "troop", "troops", "navy", "police",
        "court", "courts", "tribunal", "judiciary", "judicature", "procuratorate", "parliament",
        "congress", "senate", "duma", "legislature", "assembly", "house", "chamber", "council",
        "intelligence", "service", "agency", "bureau", "apparatus", "community", "mukhabarat",
        "mukabarat", "muhabarat", "militia", "milita", "unit", "units", "patrol", "patrols",
        "guard", "regiment", "battalion", "brigade", "garrison", "detachment", "squad", "infantry",
        "artillery", "marines", "paratroops", "paramilitary", "soldiery", "rangers", "gendarmerie",
        "gendarmery", "gendermarie", "nationale", "especiales", "enforcement", "personnel",
        "group", "movement", "organization", "organisation", "wing", "faction", "band", "gang",
        "front", "command", "janjaweed", "system", "branch", "staff"}
MEMBER = {"soldier", "officer", "official", "agent", "agents", "operative", "spy", "judge",
          "judges", "magistrate", "prosecutor", "attorney-general", "justice", "constable",
          "detective", "sheriff", "lawman", "policeman", "policemen", "policewoman", "trooper",
          "lawmaker", "legislator", "parliamentarian", "senator", "mp", "congressman",
          "congressmen", "congresswoman", "member", "rebel", "insurgent", "insurrectionist",
          "guerrilla", "guerilla", "separatist", "separatists", "militant", "militants",
          "militiaman", "militiamen", "gunman", "gunmen", "fighter", "combatant", "jihadist",
          "jihadists", "extremist", "terrorist", "commando", "reservist", "airman", "seaman",
          "marine", "paratrooper", "leader", "commander", "chief", "general", "generals", "colonel",
          "lieutenant", "sublieutenant", "admiral", "corporal", "sergeant", "ensign", "commandant",
          "generalissimo", "marshal", "captain", "raider", "mercenary"}
EQUIPMENT = {"aircraft", "warplane", "jet", "jetfighter", "plane", "planes", "bomber", "bombers",
             "drone", "drones", "helicopter", "helicopters", "gunship", "warship", "destroyer",
             "frigate", "cruiser", "corvette", "battleship", "battlewagon", "ship", "vessel", "boat",
             "carrier", "craft", "tank", "vehicle"}
# single words too general to name an organ on their own ("the chamber", "a deputy", "the captain")
TOO_GENERAL = {"chamber", "deputy", "delegate", "representatives", "captain", "service",
               "assemblies", "assemblage", "promulgator", "lawgiver", "stipendiary", "judicatory",
               "staff", "unit", "patrol", "system", "group", "wing", "band", "front", "command",
               "leader", "chief", "member", "personnel", "agent", "raider", "enforcement",
               "marines", "fighter", "intelligence"}


def _expand(phrase: str, subs: dict[str, list[str]]) -> list[str]:
    for name, words in subs.items():
        if f"!{name}!" in phrase:
            return [p for w in words for p in _expand(phrase.replace(f"!{name}!", w), subs)]
    return [phrase]


def _words(raw: str) -> str:
    return " ".join(w for w in raw.strip().strip("_").lower().replace("_", " ").split())


def _head(words: list[str]) -> str:
    return words[words.index("of") - 1] if "of" in words[1:] else words[-1]


def parse(path: Path):
    """(phrase, plural, code, line) for each entry of the agents file."""
    subs: dict[str, list[str]] = {}
    entry = re.compile(r"^(?P<phrase>[^\[{#]+?)\s*(?:\{(?P<plural>[^}]*)\})?\s*\[(?P<code>[^\]]+)\]")
    for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = re.match(r"^!(\w+)!\s*=\s*(.+)$", line)
        if m:
            subs[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        m = entry.match(line)
        if not m or not m.group("code").startswith("~"):
            continue
        plural = m.group("plural")
        for phrase in _expand(m.group("phrase"), subs):
            yield _words(phrase), (_words(plural) if plural else ("-" if plural is not None else "")), \
                m.group("code")[1:], n


def classify(phrase: str, code: str) -> tuple[str, str] | None:
    """(organ, form) of a dictionary entry, or None when kg leaves it out."""
    if code in SKIP_CODES or code[:3] not in ORGAN_OF_SECTOR:
        return None
    # a combined code names the organ by its second sector when that is one ("MILSPY":
    # military intelligence, "MILJUD": a military court), else by its first ("REBMUS")
    sector = code[3:6] if code[3:6] in ORGAN_OF_SECTOR else code[:3]
    words = phrase.split()
    if not words or words[0] == "the" or any(re.search(r"\d", w) for w in words):
        return None
    head = _head(words)
    if len(words) == 1 and head in TOO_GENERAL:
        return None
    organ = ORGAN_OF_SECTOR[sector]
    if organ == "agency":
        return (organ, "body") if head in AGENCY_HEADS and code == "GOV" and phrase not in NOT_AGENCIES \
            and not words[0].startswith("minist") else None
    if head in ("fighter", "fighters", "bomber", "bombers"):  # a person of an armed group, else a plane
        form = "member" if organ == "rebels" else "equipment"
    else:
        form = "body" if head in BODY else "member" if head in MEMBER else \
            "equipment" if head in EQUIPMENT else None
    if form is None:
        return None
    if organ == "military":
        if set(words) & NAVAL:
            organ = "navy"
        elif set(words) & AIR or form == "equipment" and head in AIR | {"fighter", "fighters"}:
            organ = "air_force"
    return organ, form


def derive(path: Path) -> tuple[list[tuple[str, ...]], int]:
    rows, dropped = {}, 0
    for phrase, plural, code, line in parse(path):
        got = classify(phrase, code)
        if got is None:
            dropped += 1
            continue
        organ, form = got
        row = (phrase, plural, organ, form, code, f"{path.name}:{line}")
        # a phrase listed under several sectors ("SECURITY_FORCE" is both ~COP and ~MIL) keeps
        # its military reading, the broader one
        if phrase not in rows or code[:3] == "MIL" and rows[phrase][4][:3] != "MIL":
            rows[phrase] = row
    return sorted(rows.values()), dropped


def own_rows(path: Path) -> list[tuple[str, ...]]:
    """The rows of the current file that kg added itself (source ``kg``)."""
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if line.startswith("#") or len(cells) != len(HEADER) or cells[0] == "phrase":
            continue
        if cells[-1] == "kg":
            out.append(tuple(cells))
    return out


def render(rows: list[tuple[str, ...]], source: str) -> str:
    head = [
        "# agents.tsv - common nouns that name an organ of a state or an armed group ('troops',",
        "# 'riot police', 'lawmakers', 'warplanes'), with the organ and the form of the noun.",
        f"# Source: PETRARCH2 agents dictionary {source} (Open Event Data Alliance, MIT licence),",
        "# derived by scripts/derive_agents.py; rows whose source is 'kg' were added by kg.",
        "# organ: military | navy | air_force | police | judiciary | legislature | intelligence | rebels",
        "#   | agency (a body of the government named by the phrase: one actor per phrase and country)",
        "# form: body (the institution, a collective noun) | member (one of its people) | equipment",
        "# plural: the plural when it is not regular; '-' for a noun without a plural; empty: regular.",
        "\t".join(HEADER),
    ]
    return "\n".join(head + ["\t".join(r) for r in rows]) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("agents", type=Path, help="PETRARCH2's Phoenix.agents.txt")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--check", action="store_true", help="exit 1 when the file is not current")
    a = ap.parse_args(argv)
    derived, dropped = derive(a.agents)
    own = own_rows(a.out)
    taken = {r[0] for r in own}
    rows = sorted(own + [r for r in derived if r[0] not in taken])
    text = render(rows, a.agents.name)
    if a.check:
        current = a.out.read_text(encoding="utf-8") if a.out.exists() else ""
        if current != text:
            print(f"{a.out} is not current: run scripts/derive_agents.py", file=sys.stderr)
            return 1
        return 0
    a.out.write_text(text, encoding="utf-8")
    print(f"{a.out}: {len(derived)} rows from {a.agents.name}, {len(own)} kg rows, "
          f"{dropped} entries left out", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
