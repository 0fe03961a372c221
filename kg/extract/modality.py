"""Modality of an act: asserted, planned, hypothetical, denied or reported.

The words come from kg/data/lexicons/modality.tsv; this module only decides where in the
parse they must stand to govern the act: as auxiliaries or adverbs of the cue or of the
verbs above it in an xcomp chain ("will continue to mobilize"), as the verb of which the
cue is the xcomp ("plans to raise", "is taking steps to impose"), or as the subordinator
of a clause the act depends on ("if it does, China will likely launch").
"""
from __future__ import annotations

from functools import lru_cache

from kg.extract.lexicon import load_modality

REPORTING = {"say", "announce", "state", "declare", "tell", "add", "insist", "vow", "pledge", "confirm"}
RANK = {"denied": 0, "hypothetical": 1, "planned": 2, "reported": 3, "asserted": 4}


@lru_cache(maxsize=1)
def _words():
    head, xcomp = {}, {}
    for m in load_modality():
        table = xcomp if m.scope == "xcomp" else head
        words = m.cue.lower().split()
        if table is xcomp:  # "be set to", "take steps to" -> "set", "take step"
            if words and words[0] == "be" and len(words) > 1:
                words = words[1:]
            if words and words[-1] == "to" and len(words) > 1:
                words = words[:-1]
            table.setdefault(" ".join(w[:-1] if w.endswith("s") and len(w) > 3 and i else w
                                      for i, w in enumerate(words)), m.modality)
        table.setdefault(" ".join(words), m.modality)
    return head, xcomp


@lru_cache(maxsize=1)
def _light_verbs() -> frozenset:
    from kg.extract.data import words

    return words("light_verbs") | words("act_light_verbs") | words("consult_light_verbs")


def _chain(tok):
    """The cue and the verbs it is an xcomp or a purpose of: raise <- plans, mobilize <- continue;
    a noun act starts at the verb it is the object of (talks <- hold <- plans)."""
    out = [tok]
    cur = tok
    if tok.pos_ == "NOUN" and tok.dep_ == "dobj" and tok.head.lemma_.lower() in _light_verbs():
        # "are due to resume negotiations", "will hold talks": the verb that carries the act
        cur = tok.head
        out.append(cur)
    for _ in range(4):
        if (cur.dep_ == "xcomp" or _purpose(cur)) and cur.head.i != cur.i:
            cur = cur.head
            out.append(cur)
        else:
            break
    return out


def _purpose(tok) -> bool:
    """A subjectless 'to'-clause of purpose: 'will deploy tools to support X' plans the support too."""
    return tok.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) and not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)


def act_modality(tok) -> str:
    head_words, xcomp_words = _words()
    found = []
    chain = _chain(tok)
    for v in chain:
        for c in v.children:
            w = c.lower_
            if c.dep_ == "neg" and v is tok:
                found.append("denied")
            if c.dep_ == "dobj" and v.pos_ in ("VERB", "AUX") and any(
                    d.dep_ == "det" and d.lower_ == "no" for d in c.children):
                found.append("denied")  # "held no talks", "sent no troops": none were
            if (c.dep_ in ("aux", "advmod", "auxpass") or c.dep_ in ("amod", "det") and v.pos_ == "NOUN") \
                    and w in head_words and not c.ent_type_:  # ("the planned expulsion of X by Y", "had no talks")
                # (an entity is a name the parser misread: "Theresa May condemned")
                found.append(head_words[w])
            if c.dep_ == "advcl":
                for m in c.children:
                    if m.dep_ == "mark" and m.lower_ in head_words and head_words[m.lower_] == "hypothetical":
                        found.append("hypothetical")
        if v.i != tok.i:
            lemma = v.lemma_.lower()
            phrase = [lemma] + [c.lemma_.lower() for c in v.children if c.dep_ in ("dobj", "prt", "acomp")]
            keys = [" ".join(phrase[:n]) for n in range(len(phrase), 0, -1)] + phrase[1:]
            for key in keys:
                if key in xcomp_words:
                    found.append(xcomp_words[key])
                    break
    # "according to X": the act is reported by someone else
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "according":
            found.append("reported")
    # a condition on the clause: "if …", "unless …"; what is awaited: "until Gbagbo steps down"
    for c in tok.children:
        if c.dep_ == "mark" and c.lower_ in ("if", "unless", "until", "till"):
            found.append("hypothetical")
    if not found:
        return "asserted"
    # "X said it would boycott the vote": reported 'would' is the past of 'will', a plan
    if set(found) == {"hypothetical"} and tok.dep_ == "ccomp" and tok.head.lemma_.lower() in REPORTING \
            and [c.lower_ for c in tok.children if c.dep_ in ("aux", "advmod") and c.lower_ in head_words] == ["would"] \
            and not any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
                        for c in tok.children):  # a purpose ("to discuss …") is no condition
        return "planned"
    # "will likely" is hypothetical rather than planned
    return min(found, key=lambda m: RANK.get(m, 9))
