#!/usr/bin/env python3
"""Derive kg/data/lexicons/cues_cameo.tsv from PETRARCH2's CAMEO verb dictionary (a development tool).

    python scripts/derive_cues.py CAMEO.2.0.txt CAMEO2PLOVER-2021.txt [--out DIR] [--report]

Inputs: the CAMEO verb-pattern dictionary of PETRARCH2 (openeventdata/petrarch2,
``petrarch2/data/dictionaries/CAMEO.2.0.txt``, MIT) and PLOVER's CAMEO-to-PLOVER table
(openeventdata/PLOVER, ``CAMEO2PLOVER-2021.txt``, CC BY-SA 4.0), given as paths; kg's own
hand-written ``cues.tsv``, ``modality.tsv`` and ``issue_actions.tsv``; and the derivation
policy beside this script (``scripts/derive_cues/``: ``codes.tsv``, ``roles.tsv``,
``stoplist.tsv``). It writes ``cues_cameo.tsv`` and ``cue_lemmas.tsv`` (spaCy's lemmas of
the head verbs' forms) into kg/data/lexicons/ or ``--out``. The output is deterministic: the
same inputs give the same bytes. ``--report`` prints figures (rows per act, rows left out and
why), the hand rows whose CAMEO code disagrees and the derived rows that change the act of a
hand row's phrase, for review. The decisions are documented in kg/data/lexicons/README.md.

What is read from the dictionary (its own header and PETRARCH2's reader describe the format):

* verb blocks ``--- NAME [code] ---``, each verb line with its optional own ``[code]``,
  irregular forms in ``{...}`` and multiword forms ``+WORD_WORD`` (the ``+`` marks the verb:
  a phrasal verb such as ``+WIPE_OUT`` becomes the cue ``wipe out``);
* patterns ``- * OBJECT [code]`` whose words after ``*`` form a simple object and/or one
  prepositional phrase: ``- * AID``, ``- * (TO BORDER)``, ``- * {HUNGER STRIKE}`` (a braced
  compound, head last), ``- * &SET`` (a synonym set, expanded when small), a leading particle
  (``- * UP BARRICADE``). ``+`` marks the target: ``* +`` is the direct object,
  ``(AGAINST +)`` the object of that preposition. Patterns with words before ``*`` (a subject
  condition), source markers ($, %, ^), several phrases or compounds of more than two words
  are left out. A pattern applies to the verb(s) its comment names, where TABARI's coders
  found it (the file header says so), or, without such a comment, to the verb naming its block.

Codes: ``[---]`` (no event) yields no row; ``[:code]`` codes the reverse direction (the
object acts on the subject), which a kg row cannot say, so it yields no row; ``[a:b]`` keeps
``a``, the act of the subject on the object.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract import codes as act_codes, data  # noqa: E402
from kg.extract.lexicon import CUE_COLUMNS, LEMMA_COLUMNS, load_cues, load_modality  # noqa: E402
from kg.model import ACT_TYPES  # noqa: E402

POLICY = Path(__file__).resolve().parent / "derive_cues"
HAND_CUES = ROOT / "kg" / "data" / "lexicons" / "cues.tsv"
MODALITY = ROOT / "kg" / "data" / "lexicons" / "modality.tsv"
ISSUE_ACTIONS = ROOT / "kg" / "data" / "lexicons" / "issue_actions.tsv"
WORD_CLASSES = ROOT / "kg" / "data" / "lexicons" / "word_classes.tsv"
GAZETTEER = ROOT / "kg" / "data" / "gazetteer"
OUT = ROOT / "kg" / "data" / "lexicons"
CUES_OUT, LEMMAS_OUT = "cues_cameo.tsv", "cue_lemmas.tsv"
SOURCE = "CAMEO.2.0.txt (PETRARCH2, MIT)"

#: Particles a pattern may start with ("- * UP BARRICADE", "- * OFF TALK").
PARTICLES = {"up", "down", "out", "off", "on", "in", "back", "away", "forward", "aside", "over", "through"}
#: Prepositions whose object is the party an act is aimed at (the rest introduce content).
TARGET_PREPS = {"with", "to", "against", "on", "upon", "at", "into", "toward", "towards", "from", "between"}
ARTICLES = {"a", "an", "the"}
#: A synonym set is expanded only when it is this small (the larger ones are catalogues of
#: currencies, weapons and aircraft models, not synonyms of a cue object).
MAX_SET = 20
_WORD = re.compile(r"[a-z][a-z'-]*\Z")


# ------------------------------------------------------------------ reading the dictionary

@dataclass
class Verb:
    word: str                 # as written, e.g. "KIDNAP", "+WIPE_OUT", "RE_+ARREST"
    forms: list[str]          # irregular forms in {...}
    code: str                 # its own code or the block's
    line: int
    own_code: bool = False    # the line gives a [code] of its own


@dataclass
class Pattern:
    pre: str
    post: str
    code: str
    comment: str
    line: int


@dataclass
class Block:
    name: str
    code: str
    line: int
    verbs: list[Verb] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


def read_dictionary(path: Path) -> tuple[dict[str, list[str]], list[Block]]:
    """The synonym sets ({'&HOSTAGE': ['HOSTAGE', ...]}) and verb blocks of CAMEO.2.0.txt."""
    sets: dict[str, list[str]] = {}
    blocks: list[Block] = []
    section, current_set = "", None
    for n, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        if raw.startswith("####"):
            section = "verbs" if "VERB PATTERNS" in raw else "sets" if "SYNONYM" in raw else "other"
            continue
        text, _, comment = raw.partition("#")
        if not text.strip():
            continue
        if section == "sets":
            if text.startswith("&"):
                current_set = text.strip()
                sets[current_set] = []
            elif text.startswith("+") and current_set:
                sets[current_set].append(text[1:].strip())
            continue
        if section != "verbs":
            continue
        if text.startswith("---"):
            m = re.match(r"---\s+(\S+)\s+\[([^\]]*)\]", text)
            blocks.append(Block(m.group(1), m.group(2).strip(), n))
        elif text.startswith("-"):
            m = re.match(r"-(.*?)\[([^\]]*)\]\s*$", text.replace("\t", " "))
            if m and "*" in m.group(1):
                pre, _, post = m.group(1).partition("*")
                blocks[-1].patterns.append(Pattern(pre.strip(), post.strip(), m.group(2).strip(), comment, n))
        else:
            m = re.match(r"\s*([^\s{\[]+)\s*(?:\{([^}]*)\})?\s*(?:\[([^\]]*)\])?", text)
            if m:
                forms = [f for f in re.split(r"[\s,]+", m.group(2) or "") if f]
                code = (m.group(3) or "").strip() or blocks[-1].code
                blocks[-1].verbs.append(Verb(m.group(1), forms, code, n, own_code=bool(m.group(3))))
    return sets, blocks


def read_plover(path: Path) -> dict[str, str]:
    """CAMEO code (2-4 digits) -> PLOVER category, from the 2021 table ('030: AGREE, , diplomatic # ...')."""
    table = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"(\d{2,4}):\s*([A-Z]+)", raw)
        if m:
            table[m.group(1)] = m.group(2)
    return table


def read_tsv(path: Path, required: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """The rows of a policy or data TSV file as dicts (kg's reader: '#' comments, a header)."""
    return [row for _, row in data.read_tsv(path, required)]


# ------------------------------------------------------------------ lemmas

class Lemmatizer:
    """Lemmas as kg's spaCy pipeline gives them at run time, for words seen out of context.

    spaCy's rule lemmatizer keeps a word its tagger calls a base form (VB, NN) and applies
    its suffix rules and exception tables otherwise. A verb of the dictionary is a base form
    when spaCy's verb index knows it ("express", not "expres"), else an inflected form listed
    as a verb ("worried", "overthrew"). A noun is taken as plural when it ends in -s (not -ss,
    -us, -is): "talks" -> "talk", "hostilities" -> "hostility", "progress" stays.
    """

    def __init__(self):
        from spacy.tokens import Doc

        from kg.nlp import load
        nlp = load()
        lem = nlp.get_pipe("lemmatizer")
        index = lem.lookups.get_table("lemma_index")
        self.verbs = set(index["verb"])
        self.nouns = set(index["noun"])
        self._exc = lem.lookups.get_table("lemma_exc")["noun"]
        verb_exc = lem.lookups.get_table("lemma_exc")["verb"]
        self.irregular = {b for forms in verb_exc.values() for b in forms}  # verbs with irregular forms
        self.stop_words = set(nlp.Defaults.stop_words)
        self._nlp, self._lem, self._doc = nlp, lem, Doc
        self._memo: dict[tuple[str, str], str] = {}

    def _rules(self, word: str, pos: str) -> str:
        doc = self._doc(self._nlp.vocab, words=[word])
        doc[0].pos_ = pos
        return self._lem(doc)[0].lemma_.lower()

    def of_form(self, form: str) -> str:
        """The lemma spaCy gives an inflected verb form (VBD, VBZ, VBG: its rules apply)."""
        return self._rules(form.lower(), "VERB")

    def __call__(self, word: str, pos: str) -> str:
        w = word.lower()
        key = (w, pos)
        if key not in self._memo:
            if pos == "VERB":
                self._memo[key] = w if w in self.verbs else self._rules(w, pos)
            elif w.endswith("s") and not w.endswith(("ss", "us", "is")) or w in self._exc:
                self._memo[key] = self._rules(w, pos)
            else:
                self._memo[key] = w
        return self._memo[key]


# ------------------------------------------------------------------ codes -> acts

class Codes:
    def __init__(self, plover: dict[str, str], policy: list[dict[str, str]]):
        self.plover = plover
        self.policy = {r["code"]: r for r in policy}

    def _longest(self, table, code):
        for k in range(len(code), 1, -1):
            if code[:k] in table:
                return table[code[:k]]
        return None

    def resolve(self, code: str, saying_verb: bool = False):
        """(act, cameo, speech, stance, note) for a dictionary code, or (None, reason)."""
        if code == "---" or not code:
            return None, "null code [---]"
        if code.startswith(":"):
            return None, "reverse-direction code [:code]"
        first, _, reverse = code.partition(":")
        if not re.fullmatch(r"\d{2,4}", first):
            return None, f"unreadable code [{code}]"
        note = f"CAMEO [{code}]: reverse direction {reverse} not kept" if reverse and reverse != first else ""
        if reverse == first:
            note = f"CAMEO [{code}]: mutual"
        rule = self._longest(self.policy, first)
        if rule is None:
            return None, f"no policy for code {first}"
        act = rule["act"] or self._plover_act(first)
        speech, stance = rule["speech"], rule["stance"]
        if first == "0871" and saying_verb:  # a declared ceasefire (README: Mapping decisions)
            act, speech = "CONCEDE", "yes"
        if act not in ACT_TYPES:
            return None, f"code {first} maps to {act}"
        return (act, first, speech, stance, note), None

    def says(self, code: str) -> bool:
        """Whether a verb coded ``code`` (its own or its block's code) is a verb of saying."""
        first = code.partition(":")[0]
        rule = self._longest(self.policy, first) if re.fullmatch(r"\d{2,4}", first) else None
        return bool(rule) and rule["says"] == "yes"

    def _plover_act(self, code):
        act = self._longest(self.plover, code)
        return {"DEMAND": "REQUEST"}.get(act, act)


# ------------------------------------------------------------------ rows

@dataclass
class Row:
    cue: str
    act: str
    cameo: str
    speech: str
    addressee: tuple[str, ...]
    content: tuple[str, ...]
    stance: str
    notes: str
    block: str
    line: int
    single: bool              # a verb on its own (no pattern object, no particle)
    content_word: bool        # has a word beyond the verb, particles and prepositions
    stopped: str = ""         # why the stoplist leaves it out, if it does
    function_words: frozenset = frozenset()  # the particles and prepositions a pattern added


@dataclass
class Phrase:
    """The words a pattern adds after its verb, in the order kg's tree matching finds them."""
    words: list[str]
    target: str | None = None          # 'dobj' or 'prep:<word>' when the pattern marks the target
    open_preps: list[str] = field(default_factory=list)   # a preposition whose object is open
    content_word: bool = False
    function_words: set[str] = field(default_factory=set)  # its particles and prepositions


def verb_words(v: Verb, lemma) -> list[str] | None:
    """The cue words of a verb line: ['kidnap'], ['wipe', 'out'], ['re-arrest'], or None."""
    word = v.word.lower()
    if "+" not in word:
        return [lemma(word, "VERB")] if "_" not in word else None
    parts = word.split("_")
    head_i = next(i for i, p in enumerate(parts) if p.startswith("+"))
    head = parts[head_i][1:]
    others = [p for i, p in enumerate(parts) if i != head_i]
    if any(p in ("and", "or") for p in others):
        return None  # "+KILLED_AND": a coordination, not a phrasal verb
    if others == ["re"] and head_i == 1:
        return [f"re-{head}"]
    return [lemma(head, "VERB"), *others]


def verb_keys(v: Verb) -> set[str]:
    """The spellings a pattern comment may use for this verb (base, irregular, regular forms)."""
    base = v.word.replace("+", "")
    keys = {base, *(f.replace("+", "") for f in v.forms)}
    stem = base.split("_")[0]
    rest = base[len(stem):]
    for suffix in ("S", "ED", "D", "ING"):
        keys.add(stem + suffix + rest)
    return keys


def noun_words(words: list[str], lemma) -> list[str] | None:
    """A noun phrase (modifiers then head) as cue words: head first, then its one modifier.

    A word spaCy knows only as a verb is no object ("- * WITHDRAW" under ANNOUNCE: the
    announced act is a clause whose verb kg codes with its own cue).

    spaCy splits a hyphenated word ("sit-in" -> sit - in, the last part heading the others),
    so a hyphenated head becomes that last part and its first part ("in sit"). More than one
    modifier is not simple: kg matches each further word under the word matched before it.
    """
    words = [w.lower() for w in words]
    head, mods = words[-1], words[:-1]
    if any("-" in m for m in mods):
        return None
    if "-" in head:
        parts = head.split("-")
        if mods or len(parts) != 2 or not all(parts):
            return None
        head, mods = parts[1], [parts[0]]
    if len(mods) > 1:
        return None
    noun = lemma(head, "NOUN")
    if noun not in lemma.nouns and head not in lemma.nouns and noun in lemma.verbs:
        return None  # "- * WITHDRAW" (# ANNOUNCE): a verb, the embedded act, is no object
    return [noun, *mods]


def expand(element: str, sets, lemma) -> list[list[str]] | None:
    """A noun element (WORD, {MOD HEAD}, &SET) -> alternative word lists, None when not simple."""
    if element.startswith("&"):
        members = sets.get(element)
        if members is None or element.endswith("_") or len(members) > MAX_SET:
            return None
        out = [noun_words(m.strip("_").replace("_", " ").split(), lemma) for m in members]
        return [w for w in out if w] or None
    if element.startswith("{"):
        inner = element[1:-1].split()
        if any(w.startswith("&") for w in inner):
            return None
        words = noun_words(inner, lemma)
        return [words] if words else None
    if "_" in element or not re.fullmatch(r"[A-Z][A-Z'-]*", element):
        return None
    words = noun_words([element], lemma)
    return [words] if words else None


_ELEMENT = re.compile(r"\([^)]*\)|\{[^}]*\}|\S+")


def phrases(post: str, sets, lemma) -> list[Phrase] | None:
    """The cue phrases of a pattern's words after '*', or None when they are not simple."""
    elements = _ELEMENT.findall(post)
    if not elements:
        return [Phrase([])]
    out = [Phrase([])]
    stage = 0   # 0: particle allowed, 1: object allowed, 2: phrase allowed, 3: done
    for el in elements:
        if el.startswith("("):
            if stage > 2:
                return None
            inner = [w for w in el[1:-1].split() if w.lower() not in ARTICLES]
            if not inner or not re.fullmatch(r"[A-Z]+", inner[0]):
                return None
            prep = inner[0].lower()
            for p in out:
                p.function_words.add(prep)
            if len(inner) == 1:
                for p in out:
                    p.words.append(prep)
                    p.open_preps.append(prep)
            elif inner[1:] == ["+"]:
                for p in out:
                    p.words.append(prep)
                    p.target = f"prep:{prep}"
            elif stage == 2:
                return None  # an object and a phrase with its own object: not simple
            else:
                obj = " ".join(inner[1:]).replace("{", "").replace("}", "")
                alts = expand(obj if len(inner) == 2 else "{" + obj + "}", sets, lemma)
                if alts is None:
                    return None
                out = [Phrase(p.words + [prep] + w, p.target, list(p.open_preps), True, set(p.function_words))
                       for p in out for w in alts]
            stage = 3
        elif el == "+":
            if stage > 1:
                return None
            for p in out:
                p.target = "dobj"
            stage = 2
        elif el.lower() in PARTICLES and stage == 0 and not el.startswith(("{", "&")):
            for p in out:
                p.words.append(el.lower())
                p.function_words.add(el.lower())
            stage = 1
        else:
            if stage > 1:
                return None
            alts = expand(el, sets, lemma)
            if alts is None:
                return None
            out = [Phrase(p.words + w, p.target, list(p.open_preps), True, set(p.function_words))
                   for p in out for w in alts]
            stage = 2
    return out


def roles_for(act: str, speech: str, roles: dict, phrase: Phrase) -> tuple[tuple[str, ...], tuple[str, ...]]:
    addressee, content = roles[(act, speech)]
    addressee, content = list(addressee), list(content)
    for prep in phrase.open_preps:
        role = f"prep:{prep}"
        if prep in TARGET_PREPS and role not in addressee:
            addressee.append(role)
        if role not in content:
            content.append(role)
    if phrase.target:
        addressee = [phrase.target]
        content = [r for r in content if r != phrase.target]
    return tuple(addressee), tuple(content)


def derive(cameo: Path, plover: Path, policy: Path = POLICY):
    """(rows to write, report dict)."""
    sets, blocks = read_dictionary(cameo)
    codes = Codes(read_plover(plover), read_tsv(policy / "codes.tsv", ("code", "act", "speech", "stance", "says")))
    roles = {(r["act"], r["speech"]): (tuple(filter(None, r["addressee"].split("|"))),
                                      tuple(filter(None, r["content"].split("|"))))
             for r in read_tsv(policy / "roles.tsv", ("act", "speech", "addressee", "content"))}
    stoplist = read_tsv(policy / "stoplist.tsv", ("kind", "name", "reason"))
    stop_all = {r["name"] for r in stoplist if r["kind"] == "patterns"}
    stop_verbs = {r["name"] for r in stoplist if r["kind"] == "verb"} | stop_all
    stop_senses = {r["name"] for r in stoplist if r["kind"] == "sense"}
    stop_subject = {r["name"] for r in stoplist if r["kind"] == "subject"}
    stop_blocks = {r["name"] for r in stoplist if r["kind"] == "block"}
    lemma = Lemmatizer()
    dropped: Counter = Counter()
    candidates: list[Row] = []

    hand_single = {c.cue: c for rows_ in load_cues(HAND_CUES).values() for c in rows_
                   if c.pos == "VERB" and not c.is_multiword}
    hand_speech = {cue for cue, c in hand_single.items() if c.speech}

    def reporting(v: Verb, head: str) -> bool:
        """A reporting verb (kg's extractor reads the content of its STATEMENT rows as reported
        speech): kg's hand row for it is a STATEMENT speech row, or, without a hand row, it is a
        one-word verb whose own CAMEO code is 01x ("cite"; not "+CLEAR_UP", whose head "clear"
        says nothing on its own)."""
        if head in hand_single:
            return hand_single[head].act == "STATEMENT" and hand_single[head].speech
        return v.code.startswith("01") and "+" not in v.word

    def add(words, code, block, line, phrase: Phrase, saying: bool, single: bool, stopped: str = "",
            reports: bool = True):
        resolved, why = codes.resolve(code, saying)
        if resolved is None:
            dropped[why] += 1
            return
        act, cameo_code, speech, stance, note = resolved
        agreeing = act_codes.agreeing(act, cameo_code)
        if agreeing != cameo_code:  # "175" under ASSAULT: act_types.tsv allows ASSAULT 18|19|20|1712
            note = "; ".join(filter(None, [note, f"CAMEO [{cameo_code}]; {agreeing}: the code act_types.tsv gives {act}"]))
            cameo_code = agreeing
        if not saying:
            speech = "no"  # a verbal code on a verb that says nothing: "prepare for talks" [036]
        if act == "STATEMENT" and not reports:
            # "agree on importance" [019]: a speech STATEMENT row would make "agree" a reporting
            # verb for the extractor, which then reads "agreed to share" as reported speech
            speech = "no"
        if not all(_WORD.match(w) for w in words):
            dropped["not a word kg can match"] += 1
            return
        if (act, speech) not in roles:
            raise SystemExit(f"roles.tsv has no row for {act} speech={speech} (code {code}, line {line})")
        addressee, content = roles_for(act, speech, roles, phrase)
        candidates.append(Row(" ".join(words), act, cameo_code, speech, addressee, content, stance,
                              note, block.name, line, single, phrase.content_word, stopped,
                              frozenset(phrase.function_words)))

    for block in blocks:
        entries = [(v, verb_words(v, lemma)) for v in block.verbs]
        entries = [(v, w) for v, w in entries if w]
        says = {id(v): words[0] in hand_speech or codes.says(v.code) for v, words in entries}
        for v, words in entries:
            stopped = ""
            if len(words) == 1 and words[0] in stop_verbs:
                stopped = "general verb (stoplist)"
            elif len(words) == 1 and words[0] in stop_senses and not v.own_code:
                stopped = "WordNet sense that is not the block's act (stoplist)"
            elif block.name in stop_blocks and not v.own_code:
                stopped = "verb of a stopped block (stoplist)"
            add(words, v.code, block, v.line, Phrase([], content_word=len(words) > 1),
                says[id(v)], single=len(words) == 1, stopped=stopped, reports=reporting(v, words[0]))
        for pat in block.patterns:
            if pat.pre:
                dropped["pattern conditioned on its subject"] += 1
                continue
            if any(c in pat.post for c in "$%^"):
                dropped["pattern with source or skip markers"] += 1
                continue
            named = set(re.findall(r"\+?[A-Z][A-Z_'-]+", pat.comment.split("<")[0]))
            named = {n.replace("+", "") for n in named}
            verbs = [(v, w) for v, w in entries if verb_keys(v) & named]
            if not verbs:  # the comment names no verb of the block: the block's own verb ("ADD")
                verbs = [(v, w) for v, w in entries if v.word.replace("+", "") == block.name]
            if not verbs:
                dropped["pattern whose verb is not in its block"] += 1
                continue
            alternatives = phrases(pat.post, sets, lemma)
            if alternatives is None:
                dropped["pattern not a simple object or phrase"] += 1
                continue
            for v, words in verbs:
                for ph in alternatives:
                    bare = not ph.content_word and len(words) == 1
                    stopped = "general verb with no object (stoplist)" if bare and words[0] in stop_verbs | stop_senses else ""
                    if words[0] in stop_all:
                        stopped = "verb whose patterns code another party's act (stoplist)"
                    elif words[0] in stop_subject and len(words) == 1:
                        stopped = "pattern of a verb whose subject is often the event (stoplist)"
                    add(words + ph.words, pat.code, block, pat.line, ph, says[id(v)],
                        single=not ph.words, stopped=stopped, reports=reporting(v, words[0]))
    rows, info = select(candidates, dropped)
    info["read"] = (len(sets), len(blocks), sum(len(b.verbs) for b in blocks), sum(len(b.patterns) for b in blocks))
    heads = {c.head for rows_ in load_cues(HAND_CUES).values() for c in rows_ if c.pos == "VERB"}
    heads |= {r.cue.split(" ")[0] for r in rows}
    info["aliases"], info["aliases_skipped"] = lemma_aliases(heads, lemma)
    return rows, info


def compliance_wordings(path: Path) -> tuple[set[str], set[str]]:
    """The wordings of kg's issue action "implementation" (implement, honour, abide by, comply
    with, carry out): compliance with norms, which demands ask for ("countries should abide by
    the principles"); the extractor reads them as the content of a demand, not as acts of
    their own. Returns (wordings, their verbs)."""
    forms = {f for r in read_tsv(path, ("action", "forms")) if r["action"] == "implementation" for f in r["forms"].split("|")}
    return forms, {f.split()[0] for f in forms}


def actor_nouns() -> set[str]:
    """One-word nouns that kg's data reads as collective actors and that news also uses as
    modifiers ("government positions", "army bases", "rebel areas"): the state organs of
    word_classes.tsv (government, army, troops…) and the names of gazetteer/collectives.tsv
    (rebels, opposition…), singular and plural."""
    out = {w for r in read_tsv(WORD_CLASSES, ("class", "words")) if r["class"] == "state_organs"
           for w in r["words"].split("|")}
    out |= {n for r in read_tsv(GAZETTEER / "collectives.tsv", ("names",)) for n in r["names"].split("|")}
    out = {w for w in out if " " not in w}
    return out | {w[:-1] for w in out if w.endswith("s")}


def select(candidates: list[Row], dropped: Counter):
    hand = {(c.cue, c.pos): c for rows in load_cues(HAND_CUES).values() for c in rows}
    hand_heads_single = {c.cue for c in hand.values() if not c.is_multiword and c.pos == "VERB"}
    hand_heads_multi = {c.head for c in hand.values() if c.is_multiword and c.pos == "VERB"}
    # kg's reporting verbs (say, announce, report, call, express...): their content is coded by itself
    reporting = {c.cue for c in hand.values() if c.pos == "VERB" and not c.is_multiword
                 and c.act == "STATEMENT" and c.speech}
    act_words = {c.head for c in hand.values()} | {r.cue.split(" ")[0] for r in candidates}
    modality_verbs = {m.cue for m in load_modality(MODALITY) if m.pos == "VERB" and " " not in m.cue}
    modality_words = {m.cue for m in load_modality(MODALITY) if m.pos not in ("VERB", "NOUN") and " " not in m.cue}
    hand_speech = {c.cue: c.act for c in hand.values() if c.pos == "VERB" and not c.is_multiword and c.speech}
    hand_single_acts = {c.cue: c.act for c in hand.values() if c.pos == "VERB" and not c.is_multiword}
    actors = actor_nouns()
    compliance, compliance_verbs = compliance_wordings(ISSUE_ACTIONS)
    conflicts = {}
    kept: dict[str, list[Row]] = defaultdict(list)
    for r in candidates:
        head = r.cue.split(" ")[0]
        hand_row = hand.get((r.cue, "VERB"))
        if hand_row is not None:
            if hand_row.act != r.act:
                conflicts.setdefault(r.cue, (hand_row, r))
            dropped["same cue as a hand row (hand row wins)"] += 1
            continue
        if r.stopped:
            dropped[r.stopped] += 1
            continue
        added = r.cue.split(" ")[1:]
        if head in reporting and any(w in act_words for w in added):
            # "announce withdrawal", "say support": the announced act has a cue of its own,
            # which the extractor codes with its own modality and roles (README: Embedded acts)
            dropped["reporting verb with an act word: the act is coded by its own cue"] += 1
            continue
        if head in hand_speech and r.act != hand_speech[head] and any(w in act_words for w in added):
            # "welcome offer" [030]: the welcome stays SUPPORT, the offer is coded by its own cue
            dropped["speech verb with an act word that changes its act: the act word has its own cue"] += 1
            continue
        objects = [w for w in added if w not in r.function_words]
        if head in hand_single_acts and r.act != hand_single_acts[head] and len(objects) == 1 and objects[0] in actors:
            # "attack government" [111]: a collective actor after the verb names the target, and
            # as often modifies it ("attacked government positions"), which kg's matcher also takes
            dropped["actor noun that changes a hand verb's act: the actor is the target"] += 1
            continue
        if any(w in modality_words for w in added):
            # "strike if", "plead guilty not": conditions and negations are the act's modality
            dropped["modality word (modality.tsv) in the cue"] += 1
            continue
        if r.cue in compliance or (r.single and head in compliance_verbs):
            dropped["compliance verb (issue_actions.tsv 'implementation'): content of a demand"] += 1
            continue
        if r.single:
            if head in hand_heads_multi and head not in hand_heads_single:
                dropped["head that kg's hand rows use only in multiword cues"] += 1
                continue
            if head in modality_verbs:
                dropped["modality verb (modality.tsv)"] += 1
                continue

        kept[r.cue].append(r)
    rows = []
    for cue, alts in kept.items():
        # one row per cue: the code most of its sources give; on a tie, the first in the file
        count = Counter((r.act, r.cameo) for r in alts)
        best = max(count.values())
        first = min((r for r in alts if count[(r.act, r.cameo)] == best), key=lambda r: r.line)
        others = sorted({f"{r.cameo} line {r.line}" for r in alts if (r.act, r.cameo) != (first.act, first.cameo)})
        notes = [n for n in [first.notes] if n]
        if others:
            notes.append("also " + ", ".join(others[:4]) + (" …" if len(others) > 4 else ""))
            dropped["duplicate of another derived row (merged)"] += len(alts) - 1
        elif len(alts) > 1:
            dropped["duplicate of another derived row (merged)"] += len(alts) - 1
        first.notes = "; ".join(notes)
        rows.append(first)
    rows, refinements = drop_redundant(rows, hand.values(), dropped)
    order = {a: i for i, a in enumerate(ACT_TYPES)}
    rows.sort(key=lambda r: (order[r.act], r.cue))
    return rows, {"dropped": dropped, "conflicts": conflicts, "refinements": refinements}


def drop_redundant(rows: list[Row], hand, dropped: Counter):
    """Leave out a multiword row when a shorter row whose words are its first words codes the
    same act, speech and stance: "call for ceasefire" adds nothing to the hand row "call for",
    which matches wherever it does (kg matches the words of a cue in order, each under the one
    before it or under the head, so only a prefix is sure to match: "hack computer" does not
    match "hacked into computers" where "hack into computer" does). Returns (rows,
    refinements): the kept rows that give a phrase of a hand row another act, for review."""
    def stance(act, value):  # an empty stance means the act's default to the extractor
        return value or act_codes.default_stance(act) or ""

    by_head: dict[str, list] = defaultdict(list)
    for c in hand:
        if c.pos == "VERB":
            by_head[c.head].append((list(c.words), c.act, "yes" if c.speech else "no",
                                    stance(c.act, c.stance), True))
    kept, refinements = [], []
    for r in sorted(rows, key=lambda r: (len(r.cue.split()), r.cue)):
        words = r.cue.split()
        shorter = [s for s in by_head[words[0]] if len(s[0]) < len(words)]
        prefixes = [s for s in shorter if s[0] == words[:len(s[0])]]
        if prefixes:
            best = max(prefixes, key=lambda s: len(s[0]))
            if best[1:4] == (r.act, r.speech, stance(r.act, r.stance)):
                dropped["same act as the shorter row it extends (redundant)"] += 1
                continue
            if best[4] and set(words[len(best[0]):]) <= r.function_words:
                # "lodge protest of": a bare preposition is too little to overrule a hand row
                dropped["adds only a preposition or particle to a hand row and changes its act"] += 1
                continue
        for s in shorter:
            if s[4] and set(s[0]) <= set(words) and s[1] != r.act:
                refinements.append((r, " ".join(s[0]), s[1]))
                break
        by_head[words[0]].append((words, r.act, r.speech, stance(r.act, r.stance), False))
        kept.append(r)
    return kept, refinements


VOWELS = "aeiou"


def inflections(base: str) -> list[str]:
    """The regular -s, -ed and -ing forms of an English verb (spelling rules, no stress rules)."""
    if base.endswith("e") and not base.endswith("ee"):
        return [base + "s", base + "d", base[:-1] + "ing"]
    if base.endswith("y") and len(base) > 1 and base[-2] not in VOWELS:
        return [base[:-1] + "ies", base[:-1] + "ied", base + "ing"]
    third = base + "es" if base.endswith(("s", "x", "z", "ch", "sh", "o")) else base + "s"
    one_syllable_cvc = (len(base) >= 3 and base[-1] not in VOWELS + "wxy" and base[-2] in VOWELS
                        and base[-3] not in VOWELS and sum(c in VOWELS for c in base) == 1)
    stem = base + base[-1] if one_syllable_cvc else base
    return [third, stem + "ed", stem + "ing"]


def lemma_aliases(heads: set[str], lemma: "Lemmatizer") -> tuple[list[tuple[str, str, list[str]]], list[str]]:
    """Run-time lemmas that differ from a cue's head verb: spaCy lemmatises "staged" as "stag"
    and "hoped" as "hop", so "stage rally" and "hope" must be found under those keys too.
    Returns ([(lemma, head, forms)], skipped) for the regular verbs among ``heads``."""
    aliases: dict[str, tuple[str, list[str]]] = {}
    skipped = []
    for head in sorted(heads):
        if "-" in head or head in lemma.irregular:
            continue
        for form in inflections(head):
            got = lemma.of_form(form)
            if got == head or got not in lemma.verbs:
                continue
            if got in heads or got in lemma.stop_words:
                skipped.append(f"{got} ({form} of {head}): already a cue head or a stop word")
                continue
            prev = aliases.setdefault(got, (head, []))
            if prev[0] == head:
                prev[1].append(form)
            else:
                skipped.append(f"{got} ({form} of {head}): also the lemma of a form of {prev[0]}")
    return [(k, v[0], v[1]) for k, v in sorted(aliases.items())], sorted(set(skipped))


HEADER = """\
# cues_cameo.tsv: act cues derived from the CAMEO verb-pattern dictionary of PETRARCH2
#   (CAMEO.2.0.txt, openeventdata/petrarch2, Copyright (c) 2015 Open Event Data Alliance, MIT licence;
#   the licence notice is in README.md beside this file) by scripts/derive_cues.py.
# Acts: PLOVER's CAMEO2PLOVER-2021 table (openeventdata/PLOVER, CC BY-SA 4.0) with kg's departures
#   (README.md, "Mapping decisions"). Do not edit by hand: change the policy in scripts/derive_cues/
#   or add a hand row to cues.tsv (hand rows win) and run the script again.
# Same columns as cues.tsv; source names the dictionary block and line each row comes from.
"""


LEMMAS_HEADER = """\
# cue_lemmas.tsv: run-time lemmas of cue head verbs that differ from the head itself, written by
#   scripts/derive_cues.py with kg's spaCy model (en_core_web_sm 3.8.0, rule lemmatizer) from the
#   regular -s/-ed/-ing forms of the heads of cues.tsv and cues_cameo.tsv: spaCy gives "stag" for
#   "staged" and "hop" for "hoped", so the loader files the cues of "stage" and "hope" under those
#   lemmas too. Lemmas that are cue heads themselves or stop words ("can" from "caned") are left out.
"""


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def write(rows: list[Row], aliases, out: Path) -> None:
    lines = [HEADER + "\t".join(CUE_COLUMNS)]
    for r in rows:
        cells = [r.cue, "VERB", r.act, r.cameo, r.speech, "|".join(r.addressee), "|".join(r.content),
                 r.stance, r.notes, f"{SOURCE} {r.block} line {r.line}"]
        lines.append("\t".join(cells))
    _write(out / CUES_OUT, "\n".join(lines) + "\n")
    lines = [LEMMAS_HEADER + "\t".join(LEMMA_COLUMNS)]
    lines += [f"{lem}\t{head}\t{' '.join(forms)}" for lem, head, forms in aliases]
    _write(out / LEMMAS_OUT, "\n".join(lines) + "\n")


def report(rows: list[Row], info: dict) -> str:
    n_sets, n_blocks, n_verbs, n_patterns = info["read"]
    out = [f"read {n_sets} synonym sets, {n_blocks} verb blocks, {n_verbs} verb lines, {n_patterns} patterns",
           f"{len(rows)} rows written"]
    per_act = Counter(r.act for r in rows)
    out += [f"  {a:<10} {per_act.get(a, 0)}" for a in ACT_TYPES]
    out.append("left out:")
    out += [f"  {n:>6}  {why}" for why, n in info["dropped"].most_common()]
    out.append("hand rows whose CAMEO code gives another act (hand row kept):")
    for cue, (h, r) in sorted(info["conflicts"].items()):
        out.append(f"  {cue:<22} hand {h.act} {h.cameo}   CAMEO {r.act} {r.cameo} ({r.block} line {r.line})")
    out.append("derived rows that give a phrase of a hand row another act (kept; review):")
    for r, hand_cue, hand_act in sorted(info["refinements"], key=lambda x: (x[1], x[0].cue)):
        out.append(f"  {r.cue:<30} {r.act} {r.cameo}   hand '{hand_cue}' {hand_act}   ({r.block} line {r.line})")
    out.append(f"lemma aliases: {len(info['aliases'])}; left out:")
    out += [f"  {s}" for s in info["aliases_skipped"]]
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cameo", type=Path, help="CAMEO.2.0.txt (PETRARCH2 verb dictionary)")
    ap.add_argument("plover", type=Path, help="CAMEO2PLOVER-2021.txt (PLOVER's table)")
    ap.add_argument("--out", type=Path, default=OUT,
                    help=f"folder for {CUES_OUT} and {LEMMAS_OUT} (default {OUT.relative_to(ROOT)})")
    ap.add_argument("--report", action="store_true", help="print figures and conflicts with hand rows")
    a = ap.parse_args(argv)
    for p in (a.cameo, a.plover):
        if not p.is_file():
            ap.error(f"{p}: no such file")
    if not a.out.is_dir():
        ap.error(f"{a.out}: no such folder")
    rows, info = derive(a.cameo, a.plover)
    write(rows, info["aliases"], a.out)
    if a.report:
        print(report(rows, info))
    return 0


if __name__ == "__main__":
    sys.exit(main())
