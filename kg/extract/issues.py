"""The content of an act, normalised to an issue concept.

1. The issue vocabulary (kg/data/lexicons/issues.tsv) names recurring issues with match
   patterns over lemmas; a row may be a *frame inversion* ("coup", "takeover" → the issue
   "constitutional order", stance flipped: opposing a coup supports constitutional order).
2. Otherwise the issue is built from the content: an action (normalised with
   kg/data/lexicons/issue_actions.tsv, so "deport", "forcible repatriation" and "stop
   repatriating" are one action) and its object's head noun. Its key depends only on those
   lemmas, so the same issue meets itself across sentences and articles.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.data import LEXICONS, read_tsv, split, words
from kg.extract.parse import tokens as doc_tokens
from kg.model import Issue
from kg.slug import slug

STOP_HEADS = words("issue_stop_heads")
VAGUE = words("issue_vague_heads")
HARM_VERBS = words("harm_verbs")
EXCLUSION_VERBS = words("exclusion_verbs")
LIGHT = words("issue_light_verbs")
ENABLING = words("enabling_verbs")
TIME_NOUNS = words("issue_time_nouns")
PLACE_NOUNS = words("place_noun")
PLACE_PREPS = words("place_prep")
TRANSITIVE_ACTIONS = words("transitive_actions")
DROP_DEPS = {"det", "punct", "case", "nummod", "predet", "advmod", "cc", "quantmod"}
COMPLEMENT_PREPS = {"of", "on", "against", "for", "to", "into", "between", "in", "by", "over", "about"}


def _when(tok) -> bool:
    """A noun that says when ("on Tuesday", "several weeks", "ten years ago")."""
    return tok.ent_type_ in ("DATE", "TIME") or tok.lemma_.lower() in TIME_NOUNS


def _circumstance(tok, prep=None) -> bool:
    """A noun that says when or where an act happens ("by Friday", "in the town", "in Goma"),
    or what it is done despite ("despite pressure"), not what it acts on ("working for Yemen")."""
    if prep is not None and (prep.lower_ == "despite" or prep.lower_ == "of" and prep.head.lower_ == "spite"):
        return True
    where = prep is None or prep.lower_ in PLACE_PREPS
    return _when(tok) or where and (tok.ent_type_ in ("GPE", "LOC", "FAC") or tok.lemma_.lower() in PLACE_NOUNS)


@lru_cache(maxsize=1)
def vocabulary():
    rows = read_tsv(LEXICONS / "issues.tsv", ("key", "label", "match", "flip", "broader"))
    out = []
    for _, r in rows:
        out.append((r["key"], r["label"], tuple(p.lower() for p in split(r["match"])),
                    r["flip"].lower() == "yes", tuple(split(r["broader"]))))
    return out


@lru_cache(maxsize=1)
def valence() -> dict[str, str]:
    """issue key -> 'positive' / 'negative' (issues.tsv, and the actions of issue_actions.tsv);
    neutral issues are absent."""
    out = {slug(r["action"]): r["valence"] for _, r in read_tsv(LEXICONS / "issue_actions.tsv", ("action", "valence"))
           if r["valence"]}
    out.update({r["key"]: r["valence"] for _, r in read_tsv(LEXICONS / "issues.tsv", ("key", "valence")) if r["valence"]})
    return out


def polarity(issue: Issue) -> str | None:
    """An issue's valence, or its nearest broader concept's ('aid of people of Yemen': aid)."""
    table = valence()
    return next((table[k] for k in (issue.key, *issue.broader) if k in table), None)


def recognition_of(issue: Issue) -> Issue:
    """'recognition of famine': what a claim that a famine exists, or its denial, is about."""
    return Issue(key=slug(f"recognition-of-{issue.key}"), label=f"recognition of {issue.label}",
                 keywords=sorted({"recognition", *issue.keywords}), broader=[issue.key], rule=issue.rule)


@lru_cache(maxsize=1)
def actions():
    table = {}
    for _, r in read_tsv(LEXICONS / "issue_actions.tsv", ("action", "forms")):
        for f in split(r["forms"]):
            table[f.lower()] = r["action"]
    return table


def _lemmas(tokens) -> str:
    return " " + " ".join(t.lemma_.lower() for t in tokens if not t.is_space) + " "


def _texts(tokens) -> str:
    return " " + " ".join(t.lower_ for t in tokens if not t.is_space) + " "


@lru_cache(maxsize=1)
def _needles() -> tuple[tuple[str, int, str | None, int], ...]:
    """(" " + pattern, its length, its first word when more words follow, row number) of
    every vocabulary pattern, in file order: a pattern matches at word starts and may end
    inside a word ('refugee' ~ 'refugees'), so the words before its last are whole words."""
    out = []
    for n, row in enumerate(vocabulary()):
        for p in row[2]:
            first, more, _ = p.partition(" ")
            out.append((" " + p, len(p) + 1, first if more else None, n))
    return tuple(out)


def _from_vocabulary(tokens):
    # one haystack for lemmas and words: no pattern holds a line break, so none spans both
    hay = _lemmas(tokens) + "\n" + _texts(tokens)
    words = set(hay.split(" "))
    best, row, found = 0, None, ""
    for needle, size, first, n in _needles():  # the longest pattern found; the first of equals
        if size > best and (first is None or first in words) and needle in hay:
            best, row, found = size, n, needle
    if row is None:
        return None
    key, label, patterns, flip, broader = vocabulary()[row]
    # "actions that harm China's sovereignty", "turning away boats of people seeking asylum":
    # what harms the issue stands against it (not a word of the issue's own name: "abuses")
    first = best_token(tokens, patterns)
    own = set(found.split())
    if first is not None and any(a.lemma_.lower() in HARM_VERBS and a.lemma_.lower() not in own
                                 for a in list(first.ancestors)[:6] if a in tokens):
        flip = not flip
    return Issue(key=key, label=label, keywords=list(patterns), broader=list(broader),
                 rule="issue.vocabulary"), flip


def best_token(tokens, patterns):
    firsts = tuple(p.split()[0] for p in patterns)
    for t in tokens:
        if (t.lemma_.lower() + " ").startswith(firsts) or t.lower_.startswith(firsts):
            return t
    return None


@lru_cache(maxsize=1)
def _action_firsts() -> frozenset:
    """The first words of the action forms."""
    return frozenset(f.split(" ")[0] for f in actions())


def _action(tokens):
    table, firsts = actions(), _action_firsts()
    lemmas = [x.lemma_.lower() for x in tokens]
    for i in range(len(tokens)):
        if lemmas[i].split(" ")[0] not in firsts:
            continue  # no form starts here
        for n in (3, 2, 1):
            words = " ".join(lemmas[i:i + n])
            if i + n <= len(tokens) and words in table and tokens[i + n - 1].dep_ != "compound":
                # ("aid workers", "peace activists": a kind of people, not the action)
                if words in TRANSITIVE_ACTIONS and not _acted_on(tokens[i]):
                    continue  # "return to the table": going back, not sending back
                return tokens[i + n - 1], table[words], " ".join(x.text for x in tokens[i:i + n])
    return None


def _acted_on(tok) -> bool:
    """Whether an action word has what it acts on: an object, a passive subject, 'of X'."""
    return any(c.dep_ in ("dobj", "nsubjpass") or c.dep_ == "prep" and c.lower_ == "of" for c in tok.children)


def _object_of(tok):
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            return c
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "in", "to", "for"):
            for p in c.children:
                if p.dep_ == "pobj" and not _circumstance(p, c):  # "arrests in Minsk": where, not whom
                    return p
    return None


def _phrase(head, complement=True):
    """A head noun as a reader would name it: its possessor, names and adjectives
    ("Syria's deadly crackdown"), and one short complement that is not a clause ("… on
    political dissidents", "… of North Korean defectors"); proper names keep their case."""
    toks = set()
    for t in head.lefts:
        if t.dep_ in ("compound", "amod", "nmod", "poss") and t.pos_ != "PRON" and not (t.is_stop and t.dep_ != "poss"):
            toks |= {x for x in t.subtree if (x.dep_ not in DROP_DEPS or x.dep_ == "case") and x.pos_ != "PRON"
                     and not (x.is_punct and x.text != "-")}
    toks.add(head)
    toks_all = doc_tokens(head.doc)
    nxt = toks_all[head.i + 1] if head.i + 1 < len(toks_all) else None
    if nxt is not None and nxt.pos_ == "ADP" and nxt.dep_ in ("advmod", "prt") and not list(nxt.children):
        toks.add(nxt)  # a particle: "follow through", "pull out" (which the parser may hang elsewhere)
    if head.lower_ in ("those", "these"):  # "release those unjustly jailed": who they are
        for c in head.rights:
            sub = [x for x in c.subtree if not x.is_space]
            if c.dep_ in ("acl", "amod") and len(sub) <= 4:
                toks |= {x for x in sub if not x.is_punct}
    if complement:
        for c in head.rights:
            if c.dep_ == "prep" and c.lower_ in COMPLEMENT_PREPS:
                sub = [x for x in c.subtree if not x.is_space]
                if len(sub) <= 6 and not any(x.pos_ in ("VERB", "AUX") or x.dep_ in ("relcl", "acl") for x in sub):
                    toks |= {x for x in sub if x.dep_ not in ("det", "punct", "predet")}
                break
    out = []
    for t in sorted(toks, key=lambda t: t.i):
        keep = t.pos_ == "PROPN" or t.ent_type_ in ("GPE", "ORG", "NORP", "PERSON") or t.text.isupper()
        out.append(t.text if keep else t.text.lower())
    return " ".join(out).replace(" 's", "'s").replace(" ’s", "’s").replace(" '", "'").replace(" - ", "-")


def access_of(verb, is_actor) -> Issue | None:
    """What keeping people out of a place is against: their access to it ('barred Western
    journalists from the capital': access for Western journalists to the capital).
    ``is_actor(token)`` tells whether a token names an actor of the story."""
    if verb.lemma_.lower() not in EXCLUSION_VERBS:
        return None
    who = next((c for c in verb.children if c.dep_ == "dobj" and (_someone(c) or is_actor(c))), None)
    if who is None:
        return None
    where = next((p for c in [*verb.children, *who.rights] if c.dep_ == "prep" and c.lower_ == "from"
                  for p in c.children if p.dep_ == "pobj" and p.pos_ in ("NOUN", "PROPN")), None)
    if where is None:  # (the parser may hang the 'from' on the people)
        return None
    people = _phrase(who, complement=False)
    return Issue(key=slug(f"access-of-{who.lemma_.lower()}"), label=f"access for {people} to {_phrase(where, complement=False)}",
                 keywords=sorted({"access", who.lemma_.lower(), people.lower()}), broader=["access"],
                 rule="issue.access", generic_label=f"access for {who.lemma_.lower()}")


def head_of(tok):
    """The word a content names its issue by: itself, or what a head that says nothing of its
    own is of ('the basis for this expulsion', 'the fate of the defectors')."""
    seen = 0
    while tok is not None and tok.lemma_.lower() in STOP_HEADS and seen < 4:
        nxt = _object_of(tok)
        if nxt is None:
            for c in tok.children:  # "the basis for X"
                if c.dep_ == "prep":
                    nxt = next((p for p in c.children if p.dep_ == "pobj"), None)
                    if nxt is not None:
                        break
        tok, seen = nxt, seen + 1
    return tok


def _someone(tok) -> bool:
    """A noun that names people or a body ("Malian politicians", "Kenya")."""
    from kg.extract.groups import is_agent_noun

    return tok.ent_type_ in ("PERSON", "NORP", "GPE", "ORG") or is_agent_noun(tok, singular=True)


def gerund(verb: str) -> str:
    """'join' -> 'joining', 'cooperate' -> 'cooperating', 'stop' -> 'stopping', 'lie' -> 'lying'
    (regular English spelling; the issue label names the act as a noun phrase)."""
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")) and len(verb) > 2:
        return verb[:-1] + "ing"
    vowels = "aeiou"
    one_syllable = len(re.findall(r"[aeiouy]+", verb)) == 1
    if one_syllable and len(verb) >= 3 and verb[-1] not in vowels + "wxy" and verb[-2] in vowels \
            and verb[-3] not in vowels:
        return verb + verb[-1] + "ing"  # stop -> stopping, ban -> banning
    return verb + "ing"


def _head_noun(tokens):
    nouns = [t for t in tokens if t.pos_ in ("NOUN", "PROPN") and not _when(t)]
    for t in nouns:
        if t.head not in tokens or t.head == t or t.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass", "ROOT", "attr"):
            seen = 0
            while t is not None and t.lemma_.lower() in STOP_HEADS and seen < 4:
                t, seen = _object_of(t), seen + 1
            if t is None or t.lemma_.lower() in STOP_HEADS:
                continue
            return t
    return nouns[0] if nouns else None


def normalise(doc, tokens) -> tuple[Issue | None, bool]:
    """The issue of a content span and whether its frame inverts the stance."""
    tokens = [t for t in tokens if not t.is_space]
    if not tokens:
        return None, False
    found = _from_vocabulary(tokens)
    if found:
        return found
    act = _action(tokens)
    if act is not None:
        tok, action, surface = act
        obj = _object_of(tok)
        if obj is not None and obj.lemma_.lower() not in STOP_HEADS:
            obj_phrase = _phrase(obj)
            key = f"{action}-of-{obj.lemma_.lower()}"
            return Issue(key=slug(key), label=f"{action} of {obj_phrase}",
                         keywords=sorted({action, surface.lower(), obj.lemma_.lower(), obj_phrase.lower()}),
                         broader=[slug(action)], rule="issue.action-object",
                         generic_label=f"{action} of {obj.lemma_.lower()}"), False
        return Issue(key=slug(action), label=action, keywords=sorted({action, surface.lower()}),
                     rule="issue.action"), False
    root = min(tokens, key=lambda t: len(list(t.ancestors)))
    doer = None
    if root.lemma_.lower() in ENABLING:  # "help the girls enter the country": their entering it
        inner = next((c for c in root.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ == "VERB"
                      and c in tokens), None)
        if inner is not None:
            doer = next((c for c in [*inner.children, *root.children] if c.dep_ in ("nsubj", "dobj")
                         and c.pos_ in ("NOUN", "PROPN") and c.i < inner.i), None)
            root = inner
    if root.pos_ == "VERB" and doer is None:  # "urged Malian politicians to shun the junta": the shunning
        inner = next((c for c in root.children if c.dep_ == "xcomp" and c.pos_ == "VERB" and c in tokens), None)
        if inner is not None and any(c.dep_ == "dobj" and _someone(c) for c in root.children):
            root = inner
    if root.tag_ == "VBG" and any(c.dep_ == "expl" for c in root.children):
        phrase = _phrase(root)  # "there has been fighting": the gerund names what there has been
        return Issue(key=slug(root.lower_), label=phrase, keywords=sorted({root.lower_, root.lemma_.lower(), phrase}),
                     rule="issue.head-noun", generic_label=root.lower_), False
    if root.pos_ == "VERB" and root.lemma_.lower() not in LIGHT:
        # "cooperate with inspectors": the verb and what it is about; not when or where it is done
        obj = next((c for c in root.children if c.dep_ == "dobj" and not _when(c)), None) or next(
            (p for c in root.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"
             and not _circumstance(p, c)), None) or next(
            (c for c in root.children if c.dep_ == "nsubjpass" and not _when(c)), None)  # "people were killed"
        if obj is None and doer is None:  # "the delegates will leave": who does it and the doing
            doer = next((c for c in root.children if c.dep_ == "nsubj" and (c.pos_ in ("NOUN", "PROPN") or c.tag_ == "VBG")
                         and not _circumstance(c) and c in tokens), None)
        if obj is None and doer is not None:  # "allow the migrants to land"
            lemmas = [doer.lemma_.lower(), root.lemma_.lower()]
            return Issue(key=slug("-".join(lemmas)), label=f"{_phrase(doer, complement=False)} {gerund(lemmas[1])}",
                         keywords=sorted(set(lemmas)), rule="issue.verb-object",
                         generic_label=f"{lemmas[0]} {gerund(lemmas[1])}"), False
        if obj is not None and (obj.lemma_.lower() not in VAGUE or doer is not None):
            prep = obj.head.lower_ + " " if obj.dep_ == "pobj" else ""
            particle = "".join(" " + c.lower_ for c in root.children if c.dep_ == "prt")  # "turning away"
            by = f"{_phrase(doer, complement=False)} " if doer is not None else ""
            label = f"{by}{gerund(root.lemma_.lower())}{particle} {prep}{_phrase(obj)}"
            lemmas = ([doer.lemma_.lower()] if doer is not None else []) + [root.lemma_.lower(), obj.lemma_.lower()]
            return Issue(key=slug("-".join(lemmas)), label=label,
                         keywords=sorted(set(lemmas)), rule="issue.verb-object",
                         generic_label=" ".join(lemmas[:-2] + [gerund(lemmas[-2]), lemmas[-1]])), False
    head = _head_noun(tokens)
    if head is None:
        return None, False
    phrase = _phrase(head)
    mods = sorted(t.lemma_.lower() for t in head.lefts if t.dep_ in ("compound", "amod") and not t.is_stop)
    if not mods and head.lemma_.lower() in VAGUE and phrase.lower() == head.lower_:
        return None, False  # "the crisis", "the information", "warnings" name no issue of their own
    key = slug("-".join(mods + [head.lemma_.lower()]))
    return Issue(key=key, label=phrase, keywords=sorted({head.lemma_.lower(), phrase.lower()}),
                 rule="issue.head-noun", generic_label=" ".join(mods + [head.lemma_.lower()])), False


def specialise(issue: Issue) -> None:
    """One label per issue IRI, across articles too: a wording that says more than the issue's
    key ('repatriation of North Korean defectors' for repatriation-of-defector) becomes an
    issue of its own, keyed by its label, with the generic issue as its broader concept, so
    that articles wording it differently still meet there."""
    if issue.rule == "issue.vocabulary" or not issue.generic_label:
        return
    specific = slug(issue.label)
    if specific and specific != issue.key:
        issue.broader_labels[issue.key] = issue.generic_label
        issue.broader.insert(0, issue.key)
        issue.key = specific
