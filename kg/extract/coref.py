"""Within-document coreference of pronouns and definite nominals, by recency, syntactic
role and agreement (person/non-person, singular/plural). Resolved tokens become mentions
in the registry, so later extractors only ask ``reg.key_of_token``."""
from __future__ import annotations

from kg.extract import describe
from kg.extract.data import words
from kg.extract.gazetteer import load_gazetteer
from kg.extract.parse import text_of, tokens, tokens_at
from kg.extract.registry import sentence_of

PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
IT_PRONOUNS = {"it", "its", "itself"}
THEY_PRONOUNS = {"they", "them", "their", "themselves"}
WE_PRONOUNS = {"we", "us", "our", "ours", "ourselves"}
VOICE_KINDS = {"state", "igo", "igo_body", "organization", "ministry", "government", "party", "armed_group"}
STATE_NOUNS = {"country", "nation", "state", "regime", "government"}
GROUP_NOUNS = {"group", "militants", "militia", "movement", "rebels", "junta"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "agent"}
WINDOW_SENTS = 3
COLLECTIVE_KINDS = {"group", "armed_group"}
REFERRING_POS = {"NOUN", "PROPN", "PRON"}  # the only tokens resolved below


def _plural(reg, m) -> bool:
    toks = tokens(reg.doc)
    head = toks[m.head]
    a = reg.actors.get(m.key)
    if a is not None and a.kind == "person" and not a.rule.startswith("actor.description"):
        return False  # a named person ("Guterres" is tagged as a plural proper noun)
    if head.lower_ in THEY_PRONOUNS:
        return True  # "they", "their": what they stand for is several
    if head.pos_ == "PROPN":
        return a is not None and a.kind == "group"
    if head.tag_ in ("NNS", "NNPS"):
        return True
    return any(t.lower_ in ("and",) for t in toks[m.start:m.end]) and head.pos_ != "PROPN"


def _pleonastic(tok) -> bool:
    """'it is clear that', 'made it clear', 'it was reported'."""
    head = tok.head
    if tok.dep_ == "nsubj" and head.lemma_ == "be" and any(c.dep_ in ("acomp", "attr") for c in head.children) \
            and any(c.dep_ in ("ccomp", "xcomp") for c in head.children):
        return True
    if tok.dep_ == "nsubjpass" and any(c.dep_ == "ccomp" for c in head.children):
        return True
    if tok.dep_ in ("dobj", "nsubj") and any(c.dep_ in ("ccomp", "oprd", "acomp") for c in head.children) \
            and head.lemma_ in ("make", "find", "consider", "deem"):
        return True
    return tok.dep_ == "expl"


def _coargument(reg, tok, m) -> bool:
    """A pronoun object and the subject of its own verb are two actors ("Prosecutors charged
    them"); only a reflexive pronoun refers to its clause's subject. (A noun may: "The League
    suspended Syria from the bloc".)"""
    toks = tokens(reg.doc)
    subj = toks[m.head]
    return (tok.pos_ == "PRON" and tok.dep_ in ("dobj", "dative", "pobj") and not tok.lower_.endswith(("self", "selves"))
            and subj.dep_ in SUBJECT_DEPS and subj.head is (tok.head.head if tok.dep_ == "pobj" else tok.head))


def _candidates(reg, tok, sents_of, want):
    here = sents_of[tok.i]
    out = []
    for m in reversed(reg.mentions):
        if m.start >= tok.i or m.key not in reg.actors or _coargument(reg, tok, m):
            continue
        if here - sents_of.get(m.start, here) > WINDOW_SENTS:
            break
        if m.via == "demonym":
            continue
        a = reg.actors[m.key]
        if want(a, m):
            out.append(m)
    return out


def _pick(reg, tok, cands, sents_of):
    if not cands:
        return None
    here = sents_of[tok.i]
    toks = tokens(reg.doc)
    # prefer a subject in the current or the previous sentence, then the most recent mention
    for m in cands:
        if toks[m.head].dep_ in SUBJECT_DEPS and here - sents_of.get(m.start, here) <= 1:
            return m.key
    return cands[0].key


PAIR_NOUNS = {"party", "side", "country", "nation", "government", "leader", "neighbor", "neighbour"}
PAIR_DETS = {"both", "two", "the"}
STATE_PAIR_NOUNS = {"country", "nation", "government", "neighbor", "neighbour"}


def _pairs(doc, reg):
    """(token index, [key, key]) of coordinated actor pairs: 'between X and Y', 'X and Y'."""
    out = []
    toks = tokens(doc)
    for i, m in sorted(reg.by_token.items()):  # the tokens of mentions, in order
        k, tok = m.key, toks[i]
        if not k:
            continue
        for c in tok.children:
            if c.dep_ == "conj":
                k2 = reg.at(c.i)
                if k2 and k2 != k:
                    out.append((c.i, [k, k2]))
    return out


def _pair_reference(tok, reg, pairs, sents_of):
    """'the parties', 'both sides', 'the two countries' -> the most recent actor pair."""
    if tok.lemma_.lower() not in PAIR_NOUNS or tok.tag_ not in ("NNS", "NNPS"):
        return None
    if _of_a_place(tok, reg):
        return None  # "the governments of the region" name their own referents
    dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "nummod", "predet")}
    if not dets & PAIR_DETS or any(c.dep_ in ("amod", "compound") and c.i in reg.country_hint for c in tok.children):
        return None
    here = sents_of[tok.i]
    cands = [(i, keys) for i, keys in pairs if i < tok.i and here - sents_of.get(i, here) <= WINDOW_SENTS + 2]
    if cands:
        return cands[-1][1]
    if tok.lemma_.lower() in STATE_PAIR_NOUNS and dets & {"both", "two"}:
        # "the two countries" in a story that has named two states so far, not side by side
        named = {m.start: m.key for m in reg.mentions if m.start < tok.i and m.key in reg.actors
                 and reg.actors[m.key].kind == "state"}
        toks = tokens(tok.doc)  # and states named as possessors ("Togo's ambassador")
        named.update((i, iso) for i, iso in reg.country_hint.items() if i < tok.i and toks[i].pos_ == "PROPN")
        states = list(dict.fromkeys(named[i] for i in sorted(named)))
        if len(states) != 2:
            return None
        gaz = load_gazetteer()
        for iso in states:
            if iso not in reg.actors and iso in gaz.entries:
                reg.from_entry(gaz.entries[iso], rule="coref.pair")
        return states if all(iso in reg.actors for iso in states) else None
    return None


def _of_a_place(tok, reg) -> bool:
    """'the governments of the region', '… of Central America', '… in the Gulf'."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "in", "from"):
            for p in c.children:
                if p.dep_ == "pobj" and (p.ent_type_ in ("GPE", "LOC") or p.i in reg.country_hint or
                                         p.lemma_.lower() in words("place_noun") | words("place_suffix")):
                    return True
    return False


def resolve(doc, reg) -> None:
    gaz = load_gazetteer()
    sents_of = sentence_of(doc)
    mentions_sorted = sorted(reg.mentions, key=lambda m: m.start)
    reg.mentions[:] = mentions_sorted
    pairs = _pairs(doc, reg)
    voice = _Voice(doc, reg, sents_of)
    for tok in tokens(doc):
        held = reg.by_token.get(tok.i)
        if held is not None and reg.actors.get(held.key) is not None and \
                reg.actors[held.key].rule == "actor.group.argument" and tok.lemma_.lower() in STATE_PAIR_NOUNS:
            pair = _pair_reference(tok, reg, pairs, sents_of)  # "the two countries", read as a group
            if pair:
                reg.unmention(held)
                reg.multi[tok.i] = pair
                pairs.append((tok.i, pair))
            continue
        if tok.i in reg.by_token or tok.pos_ not in REFERRING_POS:
            continue
        low = tok.lower_
        key, via = None, None
        pair = _pair_reference(tok, reg, pairs, sents_of) if tok.pos_ == "NOUN" else None
        if pair:
            reg.multi[tok.i] = pair
            pairs.append((tok.i, pair))
            continue
        if tok.pos_ == "PRON" and low in THEY_PRONOUNS:
            last_pair = [(i, keys) for i, keys in pairs if i < tok.i and sents_of[tok.i] - sents_of.get(i, 0) <= 1]
            last_mention = next((m for m in reversed(reg.mentions) if m.start < tok.i and _plural(reg, m)),
                                None) if last_pair else None
            if last_pair and (last_mention is None or last_pair[-1][0] > last_mention.start):
                reg.multi[tok.i] = last_pair[-1][1]
                continue
        if tok.pos_ == "PRON" and low in WE_PRONOUNS:
            key, via = voice(tok), "coref.voice"
        elif tok.pos_ == "PRON" and low in PERSON_PRONOUNS:
            cands = _candidates(reg, tok, sents_of, lambda a, m: a.kind == "person" and not _plural(reg, m))
            key, via = _pick(reg, tok, cands, sents_of), "coref.pronoun"
        elif tok.pos_ == "PRON" and low in IT_PRONOUNS and not _pleonastic(tok):
            # "it" is a state, an organisation, or a collective named in the singular ("the coalition")
            cands = _candidates(reg, tok, sents_of, lambda a, m: a.kind != "person" and not _plural(reg, m)
                                and not _inside(m, tok))
            key, via = _pick(reg, tok, cands, sents_of), "coref.pronoun"
        elif tok.pos_ == "PRON" and low in THEY_PRONOUNS:
            cands = _candidates(reg, tok, sents_of, lambda a, m: _plural(reg, m) or a.kind in COLLECTIVE_KINDS)
            key, via = _pick(reg, tok, cands, sents_of), "coref.pronoun"
        elif (tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and (tok.text.islower() or gaz.by_generic(tok.lower_)))) \
                and _definite(tok):
            key, via = _nominal(reg, tok, sents_of, gaz), "coref.nominal"
        if key:
            reg.add_mention(tok.i, tok.i + 1, key, via) if via in ("coref.pronoun", "coref.voice") else \
                reg.add_mention(tok.left_edge.i if tok.left_edge.i < tok.i else tok.i, tok.i + 1, key, via, head=tok.i)
            reg.mentions.sort(key=lambda m: m.start)


class _Voice:
    """Who "we" is outside quotations: the voice of an organisation's or a government's own
    statement ("The United States is deeply concerned … We call on both parties …"). The issuer
    the title names ("Comment from U.S. Embassy Moscow"), else the state last the subject of a
    clause before it, else the organisation last the subject. Inside a quotation "we" is the
    speaker's (kg.extract.quotes.first_person)."""

    def __init__(self, doc, reg, sents_of):
        self.doc, self.reg, self.sents_of, self.toks = doc, reg, sents_of, tokens(doc)
        self.quoted = None

    def _setup(self):
        from kg.extract.quotes import quotation_marks

        self.quoted = {t.i for a, b in quotation_marks(text_of(self.doc)) for t in tokens_at(self.doc, a + 1, b)}
        self.issuer = self._issuer()

    def _issuer(self):
        first = [t for t in self.toks if self.sents_of.get(t.i) == 0]
        for t in first:
            if t.lemma_.lower() in words("issuing_noun"):
                for c in t.children:
                    if c.dep_ == "prep" and c.lower_ in ("from", "by", "of"):
                        for x in c.subtree:
                            k = self.reg.at(x.i)
                            if k and self.reg.actors[k].kind in VOICE_KINDS:
                                return k
        return None

    def __call__(self, tok):
        if self.quoted is None:
            self._setup()
        if tok.i in self.quoted:
            return None
        if self.issuer:
            return self.issuer
        subjects = [m for m in self.reg.mentions if m.start < tok.i and m.key in self.reg.actors
                    and self.reg.actors[m.key].kind in VOICE_KINDS
                    and self.toks[m.head].dep_ in SUBJECT_DEPS and m.start not in self.quoted]
        states = [m for m in subjects if self.reg.actors[m.key].kind == "state"]
        best = (states or subjects)[-1:]
        return best[0].key if best else None


def _inside(m, tok) -> bool:
    return m.start <= tok.i < m.end


def _definite(tok) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children)


def _clause_subjects(reg, tok) -> set:
    """Actors that are the subject of the clause a noun sits in (through conjoined verbs)."""
    v = tok.head
    for _ in range(4):
        if v.pos_ in ("VERB", "AUX"):
            break
        v = v.head
    for _ in range(3):
        if any(c.dep_ in SUBJECT_DEPS for c in v.children) or v.dep_ != "conj":
            break
        v = v.head
    subjects = [c for c in v.children if c.dep_ in SUBJECT_DEPS]
    subjects += [x for c in subjects for x in c.children if x.dep_ == "conj"]
    return {reg.at(c.i) for c in subjects} - {None}


def _same_head(reg, tok, sents_of, lemma, own):
    """The actor last named with the same head noun, within the window."""
    toks, here = tokens(reg.doc), sents_of[tok.i]
    for m in reversed(reg.mentions):
        if m.start >= tok.i or m.key not in reg.actors or m.key in own or m.via.startswith("coref"):
            continue
        if here - sents_of.get(m.start, here) > WINDOW_SENTS:
            return None
        if toks[m.head].lemma_.lower() == lemma:
            return m.key
    return None


def _nominal(reg, tok, sents_of, gaz):
    lemma = tok.lemma_.lower()
    for c in tok.children:  # "the militant group al-Shabab", "the regional bloc ECOWAS": a name follows
        if c.dep_ in ("appos", "compound", "nmod", "npadvmod") and c.i > tok.i and reg.at(c.i):
            return reg.at(c.i)
    if tok.i + 1 < len(tok.doc) and reg.at(tok.i + 1) and tokens(tok.doc)[tok.i + 1].pos_ == "PROPN":
        return reg.at(tok.i + 1)
    if tok.tag_ in ("NNS", "NNPS") and lemma not in ("rebel", "militant"):
        return None
    # not the subject of its own clause: in "Brazil called on the government to …" the
    # government is someone else's
    own = _clause_subjects(reg, tok) if lemma in STATE_NOUNS or lemma in words("state_kind_heads") else set()
    if lemma in words("government_heads"):  # "the regime" after "the Boteza regime": that one
        again = _same_head(reg, tok, sents_of, lemma, own)
        if again is not None:
            return again
    described, key = (False, None) if lemma in GROUP_NOUNS else \
        describe.referent(reg, tok, gaz, exclude=own)  # "the bloc", "the Gulf state"
    if described:
        return key
    if lemma in STATE_NOUNS:
        want = lambda a, m: a.kind == "state"  # noqa: E731
    elif lemma in GROUP_NOUNS:
        # "the group" is one group, not "aid groups"; "the militants" may be several
        singular = tok.tag_ in ("NN", "NNP")
        want = lambda a, m: a.kind in ("armed_group", "group", "party") and not (  # noqa: E731
            singular and _plural(reg, m))
    else:
        return None
    cands = [m for m in _candidates(reg, tok, sents_of, want) if m.key not in own]
    if not cands:
        if lemma in STATE_NOUNS:  # the article's focus, e.g. "the country" in a one-country story
            from kg.extract.actors import dominant_state

            focus = dominant_state(reg)
            return focus if focus not in own else None
        return None
    return _pick(reg, tok, cands, sents_of)
