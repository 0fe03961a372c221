"""Statements: speech acts and material acts, from cue lexicon entries and the parse.

For every cue (a verb or noun of kg/data/lexicons/cues.tsv) the speaker comes from the
subject (climbing xcomp/conj chains, "by X" for passives, the possessor of a nominal cue,
the subject of a reporting verb for an agentless passive in its clause), the addressee
and content from the roles the lexicon names, the modality from the verbs and auxiliaries
that govern the cue, and the stance from the cue and the polarity of its content.

A reporting verb ("X said that …") whose content carries no cue of its own becomes a
REQUEST when the content is deontic ("Y should …"), an ACCUSE when it describes a
conflictual act by another actor ("Y is violating …"), and a STATEMENT otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from kg.extract import backing, codes, groups, targets
from kg.extract.data import LEXICONS, read_tsv, split, words
from kg.extract.gazetteer import load_gazetteer
from kg.extract.issues import access_of, head_of as issue_head_of, polarity as issue_polarity, recognition_of
from kg.extract.lexicon import load_cues
from kg.extract.parse import memo, sentences, span as token_span, tokens, tokens_at
from kg.extract.modality import act_modality
from kg.model import Span, Statement

SUBJ = ("nsubj", "nsubjpass")
FORCEFUL = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE"}
# acts that, announced by their own actor as what it would do, are threats (CAMEO 13x:
# threaten with force, sanctions, protest, a boycott of talks or elections)
THREATENABLE = FORCEFUL | {"PROTEST"}
SYMMETRIC = {"AGREE", "CONSULT", "COOPERATE"}
MUTUAL_VERBS = words("mutual_verbs")
MUTUAL_NOUNS = words("mutual_nouns")
COOPERATIVE = {"CONSULT", "COOPERATE", "RETREAT", "CONCEDE", "AID", "SUPPORT", "AGREE"}
PROMISSORY = words("promissory_verbs")
NEED_NOUNS = words("need_nouns")
RECEIVING_VERBS = words("receiving_verbs")
ORDER_VERBS = words("order_verbs")
STANCE_ACTS = {"REJECT", "SUPPORT", "ACCUSE", "REQUEST", "AGREE"}  # their object is what they take a side on
NAMED_BODY_HEADS = words("named_body_heads")
DOCUMENT_NOUNS = words("document_nouns")
DECISION_NOUNS = words("decision_nouns")
CAMPAIGN_NOUNS = words("campaign_nouns")
IMPORTANCE_NOUNS = words("importance_nouns")
FRAME_VERBS = words("frame_verbs")
STATE_ORGANS = words("state_organs")
THREAT_WORDS = words("threat_words")
THREAT_MARKERS = words("threat_markers")
DEONTIC = words("deontic")
PROPOSAL_NOUNS = words("proposal_nouns")
RESPONSE_VERBS = words("response_verbs")
PERMISSION_VERBS = words("permission_verbs")
ATTEMPT_HEADS = words("attempt_heads")
NEGATING_HEADS = words("negating_heads")
CONFLICT_ACTS = {"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
NEGATIVE_WORDS = words("negative_words")
OBSTRUCTION_NOUNS = words("obstruction_nouns")
CONDEMNING_WORDS = words("condemning_words")


@dataclass
class CueHit:
    tok: object          # the cue's head token
    cue: object          # the lexicon row
    extra: list          # other tokens of a multiword cue


def _lemma(tok) -> str:
    return tok.lemma_.lower()


def find_cues(doc):
    """Cue hits, multiword cues first, then single words (computed once per Doc)."""
    cached = doc.user_data.get("kg_cues")
    if cached is None:
        cached = doc.user_data["kg_cues"] = _find_cues(doc)
    return cached


def _find_cues(doc):
    cues = load_cues()
    toks = tokens(doc)
    words = {t.lower_ for t in toks} | {_lemma(t) for t in toks}  # a multiword cue's words must all occur
    hits = []
    for tok in toks:
        lemma = _lemma(tok)
        if lemma not in cues and tok.lower_ not in cues:
            continue
        best = None
        for row in _candidate_rows(cues, lemma, tok.lower_):
            if row.pos == "VERB" and tok.pos_ not in ("VERB", "AUX"):
                continue
            if row.pos == "NOUN" and tok.pos_ not in ("NOUN", "PROPN"):
                continue
            if row.pos == "ADJ" and (not (tok.pos_ == "ADJ" or tok.tag_ == "VBN") or not role_tokens(tok, row.content)):
                continue  # "willing to withdraw", "disappointed by"; not "a willing partner"
            rest = _rest_words(row.cue)
            if rest and not words.issuperset(rest):
                continue
            extra = _multiword(tok, rest)
            if extra is None:
                continue
            best = CueHit(tok, row, extra)
            break
        if best:
            hits.append(best)
    return hits


_ROWS: dict = {"cues": None}


def _candidate_rows(cues, lemma: str, lower: str) -> tuple:
    """The rows to try for a word, in order: when the word is not its lemma ("concerned"), the
    word's own ADJ rows first, then the lemma's rows and the word's other rows ("disturbed by"
    is no act of disturbing someone); longest cue first."""
    if _ROWS["cues"] is not cues or len(_ROWS) > 100_000:  # per lexicon (load_cues: one cached dict)
        _ROWS.clear()
        _ROWS["cues"] = cues
    got = _ROWS.get((lemma, lower))
    if got is not None:
        return got
    rows = cues.get(lemma) or ()
    adjectives = []
    if lower != lemma:
        own = cues.get(lower) or ()
        adjectives = [r for r in own if r.pos == "ADJ"]
        rows = [*rows, *(r for r in own if r.pos != "ADJ")]
    got = _ROWS[(lemma, lower)] = tuple(adjectives + sorted(rows, key=_longest_first))
    return got


@lru_cache(maxsize=None)
def _rest_words(cue: str) -> tuple:
    """The words of a cue after its head word."""
    return tuple(cue.split()[1:])


def _longest_first(row) -> int:
    return -1 - len(_rest_words(row.cue))


def _multiword(tok, rest):
    """Tokens matching the remaining words of a multiword cue among the cue's dependents
    (particles, prepositions, objects; a preposition may hang on the object: "allowed the
    team into the country"), or None."""
    if not rest:
        return []
    found = []
    anchor = tok
    on_object = [g for c in tok.children if c.dep_ == "dobj" for g in c.children if g.dep_ == "prep"]
    toks = tokens(tok.doc)
    for word in rest:
        cand = None
        for c in (*anchor.children, *tok.children, *on_object):
            if c.lemma_.lower() == word or c.lower_ == word:
                cand = c
                break
        prev = found[-1] if found else tok  # a fixed phrase: "persona non grata"
        if cand is None and prev.i + 1 < len(toks) and toks[prev.i + 1].lower_ == word:
            cand = toks[prev.i + 1]
        if cand is None:
            return None
        found.append(cand)
        anchor = cand
    return found


# ---------------------------------------------------------------- arguments


def _is_speech_verb(tok) -> bool:
    return any(r.speech for r in load_cues().get(_lemma(tok), []) if r.pos == "VERB" and r.cue == _lemma(tok))


def _speech_conjunct(tok):
    """'He said X was …, and urged Y to …': a speech verb with no subject of its own,
    coordinated with the content of a speech verb, is that speaker's second act, not content.
    Returns that speech verb, or None."""
    if tok.dep_ != "conj" or tok.pos_ != "VERB" or any(c.dep_ in SUBJ for c in tok.children) \
            or not _is_speech_verb(tok) or _is_speech_verb(tok.head):
        return None
    head = tok.head  # ("said the vote had been flawed and called on X": through 'flawed')
    for _ in range(3):
        if head.dep_ not in ("acomp", "xcomp", "attr", "conj") or head.head.i == head.i:
            break
        head = head.head
    return head.head if head.dep_ == "ccomp" and _is_speech_verb(head.head) else None


def _adjacent_actor(tok, reg):
    """A name right before a subjectless verb is its subject ('Theresa May condemned', where
    the parser read 'May' as a modal); for a conjoined verb, the name before the first one."""
    if tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod", "conj", "advcl"):
        return []  # "troops backed by tanks": a description, not the troops' act
    v = tok
    for _ in range(3):
        if v.dep_ != "conj" or v.head.i == v.i:
            break
        v = v.head
    m = reg.mention_at(v.i - 1) if v.i > 0 else None
    if m is not None and m.end == v.i and reg.actors.get(m.key):
        return [m.key]
    return []


def _inverted(tok, reg):
    """'"…," added KCNA.' / '"…," said the minister': the speaker right after the verb."""
    doc = tokens(tok.doc)
    if tok.i == 0 or not (doc[tok.i - 1].is_punct or doc[tok.i - 1].is_quote):
        return []
    for t in doc[tok.i + 1:tok.i + 4]:
        if t.is_punct:
            break
        k = reg.key_of_token(t)
        if k:
            return [k]
    return []


RELATIVE = {"who", "which", "that", "whom"}
STATIVES = words("stative_participles")
WITNESSED = {"ASSAULT", "COERCE", "MOBILIZE", "PROTEST"}  # acts a reporter tells, rarely does
VENUE_PREPS = {"at", "in", "during"}
JOINING_VERBS = words("joining_verbs")
RECALL_VERBS = words("recall_verbs")
PREPARING_VERBS = words("preparing_verbs")
QUANTITY_NOUNS = words("quantity_nouns")
TRANSFER_VERBS = words("transfer_verbs")
GATHERING_NOUNS = words("gathering_nouns")


def subject_of(tok):
    """The subject token of a verb, climbing xcomp/conj/advcl chains ("plans to raise");
    a relative pronoun stands for the noun its clause modifies ("Abe, who was visiting"); the
    author of a decision or a document acts in its clause ("the decision to expel").
    A passive verb's inherited subject is its patient ("made the trip and were turned down")."""
    cur = tok
    own_passive = any(c.dep_ == "auxpass" for c in tok.children)
    for _ in range(6):
        for c in cur.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                passive = c.dep_ == "nsubjpass" or (own_passive and cur is not tok)
                if passive and not own_passive and cur is not tok and tok.dep_ == "conj" and tok.tag_ != "VBN":
                    passive = False  # "was indicted … and will resign": he resigns
                if passive and cur.lemma_.lower() in STATIVES and any(
                        p.dep_ == "prep" and p.lower_ in ("in", "to") for p in cur.children):
                    passive = False  # "were engaged in ethnic cleansing", "is committed to reform"
                if c.lower_ in RELATIVE and cur.dep_ == "relcl":
                    if _object_relative(c) is not None:
                        continue  # "which X criticised", read with two subjects: X is the subject
                    return _antecedent(cur.head, c), passive
                inner = next((x for x in c.children if x.dep_ == "nsubj"), None) if c.tag_ == "VBG" else None
                if inner is not None:  # "The Red Cross operating in Iraq said": misread as a clause
                    return inner, passive
                return c, passive
        if cur.dep_ == "xcomp" and cur.head.i != cur.i:
            objs = [c for c in cur.head.children if c.dep_ == "dobj" and c.i < cur.i]
            if objs:  # object control: "prompt Beijing to refuse", "urged China to stop"
                return objs[0], False
            cur = cur.head
            continue
        if cur.dep_ == "pcomp" and cur.head.dep_ == "prep" and cur.head.lower_ in ("for", "of") \
                and cur.head.head.pos_ == "VERB":
            objs = [c for c in cur.head.head.children if c.dep_ == "dobj" and c.i < cur.i]
            if objs:  # "thanked South Africa for hosting the talks", "accused X of blocking": X does it
                return objs[0], False
        if cur.dep_ == "conj" and cur.tag_ in ("VBZ", "VBD", "VBP") and cur.head.dep_ == "xcomp" \
                and cur.head.tag_ == "VB":  # "urges X to abide by … and calls upon Y": calls, as urges
            cur = cur.head.head
            continue
        if cur.dep_ == "pcomp" and cur.head.lower_ == "of" and cur.head.head.lemma_.lower() in DECISION_NOUNS:
            return _author(cur.head.head), False  # "kept a policy of turning away boats": who keeps it turns them
        if cur.dep_ in ("conj", "advcl", "pcomp", "acomp") and cur.head.i != cur.i:
            cur = cur.head
            if cur.dep_ == "prep" and cur.head.pos_ in ("VERB", "AUX"):  # "joined X in recalling"
                cur = cur.head
            continue
        if cur.dep_ in ("acl", "relcl") and cur.head.i != cur.i and cur.head.lemma_.lower() in CAMPAIGN_NOUNS \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children):
            return _author(cur.head), False  # "converged for a rally to protest X": who rallies protests
        if cur.dep_ == "acl" and cur.head.i != cur.i:
            noun = cur.head
            if noun.lemma_.lower() in DOCUMENT_NOUNS and cur.tag_ == "VBG" or noun.lemma_.lower() in DECISION_NOUNS:
                # "issued a declaration demanding …", "informed him of the decision to declare …"
                return _author(noun), False
            if cur.tag_ == "VBG" and cur.head.pos_ in ("NOUN", "PROPN"):
                return cur.head, False  # "demonstrators protesting the results": they protest
            return None, False  # "efforts by X to …"
        break
    return None, False


RESTATING_NOUNS = words("restating_nouns")
AIMED_AT_AUTHOR = {"ACCUSE", "REJECT", "SUPPORT", "AGREE", "PROTEST", "SANCTION", "THREATEN"}


def _restated_clause(noun):
    """'X named Y the winner, a ruling backed by Z' / 'X seized the airport, a move that Z
    condemned': a noun of kg's restating class set off by a comma after its clause stands for
    that clause; returns the clause's verb, or None."""
    if noun.lemma_.lower() not in RESTATING_NOUNS or noun.dep_ not in ("npadvmod", "appos", "dobj", "attr"):
        return None
    before = noun.left_edge.i - 1
    if before < 0 or tokens(noun.doc)[before].text != ",":
        return None
    verb = noun.head
    for _ in range(4):  # "seized the airport, a move …", "named X the winner of Y, a ruling …"
        if verb.pos_ in ("VERB", "AUX") or verb.dep_ not in ("dobj", "attr", "oprd", "pobj", "prep") or noun.dep_ != "appos":
            break
        verb = verb.head
    if verb.dep_ == "ROOT" and verb.pos_ in ("NOUN", "PROPN"):  # "X's board named Y the winner, a ruling …"
        verb = next((c for c in verb.children if c.dep_ == "acl" and c.i < noun.i and any(  # parsed as a noun
            x.dep_ in ("dobj", "oprd") for x in c.children)), verb)  # phrase: its participle is the clause
    return verb if verb.pos_ in ("VERB", "AUX") and verb.i < noun.i else None


def _object_relative(tok):
    """A relative pronoun the parser made a second subject ('boats which, …, the UN has
    criticised'): it is the object of its clause; returns the clause's other subject, or None."""
    if tok.lower_ not in ("which", "that") or tok.dep_ != "nsubj" or tok.head.dep_ != "relcl":
        return None
    return next((c for c in tok.head.children if c.dep_ == "nsubj" and c.i > tok.i), None)


def _gerund_of(tok):
    """What is judged, when a relative clause hangs on the object of a gerund ('turning away
    boats, which X criticised'): the act of the gerund, not its object."""
    if tok.dep_ == "dobj" and tok.head.tag_ == "VBG" and any(
            c.dep_ == "relcl" and any(x.lower_ in RELATIVE for x in c.children) for c in tok.children):
        return tok.head
    return tok


def _relative_antecedent(tok):
    """A relative pronoun as content stands for what its clause is about ('the fighting, about
    which we remain concerned': the fighting); any other token is itself."""
    if tok.lower_ not in ("which", "whom") or tok.tag_ not in ("WDT", "WP"):
        return tok
    cur = tok
    for _ in range(4):
        if cur.dep_ == "relcl":
            return cur.head
        if cur.head.i == cur.i:
            break
        cur = cur.head
    return tok


def _antecedent(head, pronoun):
    """What a relative pronoun stands for: the noun its clause hangs on, or for 'who' the
    nearest noun naming people before it when the parser hung the clause too high ("the
    crackdown on dissidents who began protesting": the dissidents)."""
    if pronoun.lower_ != "who" or groups.is_agent_noun(head, singular=True) or head.pos_ == "PROPN":
        return head
    before = [t for t in head.subtree if t.i < pronoun.i and t.pos_ in ("NOUN", "PROPN")]
    near = max(before, key=lambda t: t.i, default=None)
    return near if near is not None and (near.pos_ == "PROPN" or groups.is_agent_noun(near, singular=True)) else head


def _author(noun):
    """Who issues a document ('its statement', 'a report by X', 'X issued a declaration',
    'in a statement, X said')."""
    for c in noun.children:
        if c.dep_ == "poss":
            return c
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in ("by", "from"):
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    cur = noun  # "X issued a declaration", "in a statement condemning …, X said", "informed Y
    for _ in range(5):  # on Monday of the decision to …" (the parser may hang it on the date)
        if cur.dep_ not in ("dobj", "pobj", "prep", "appos", "oprd") or cur.head.i == cur.i:
            return None
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            subj, passive = subject_of(cur)
            return None if passive else subj
    return None


def agent_of(tok):
    for c in tok.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    return None


def with_conjuncts(tok):
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj":
            out += with_conjuncts(c)
    return out


def _passive_patient(tok, passive, subj):
    """What a passive verb acts on, its object in the active: the passive's subject ("the
    resolution was backed by Russia"), or the noun a participle with an agent modifies ("the
    plan, backed by the AU"). Not through a relative pronoun: which noun "which" stands for
    is the parser's guess ("a ban on fishing, which was welcomed")."""
    if passive:
        return None if tok.dep_ == "relcl" else subj
    if tok.dep_ == "acl" and tok.tag_ == "VBN" and any(c.dep_ == "agent" for c in tok.children):
        return tok.head
    return None


#: the prepositions by which a thing a material act is done to names the party it reaches
OBJECT_PARTY_ROLES = ("prep:to", "prep:with", "prep:from", "prep:against")
THING_PARTY_ROLES = ["prep:for", "prep:on"]  # on the thing only: "its aid programme for Haiti", "curbs on X"


def role_tokens(tok, roles, extra=()):
    """Tokens filling the lexicon roles of a cue: 'dobj', 'prep:on', 'xcomp', …"""
    out = []
    anchors = [tok] + list(extra)
    for role in roles:
        if role.startswith("prep:"):
            word = role[5:]
            for a in anchors:
                for c in a.children:
                    if c.dep_ in ("prep", "prt", "dative", "agent") and c.lower_ == word:
                        out += [p for p in c.children if p.dep_ in ("pobj", "pcomp")]
                if a.i != tok.i and a.lower_ == word and a.dep_ in ("prep", "prt"):
                    out += [p for p in a.children if p.dep_ in ("pobj", "pcomp")]
        else:
            for a in anchors:  # a noun's clause: "its demand to restore …", "its demand that Israel ease …"
                out += [c for c in a.children if (c.dep_ == role or role == "iobj" and c.dep_ == "dative"
                                                   and c.pos_ != "ADP") and (
                    role != "acl" or any(x.dep_ == "aux" and x.lower_ == "to" or x.dep_ == "mark" and x.lower_ == "that"
                                         for x in c.children))]
    seen, uniq = set(), []
    for t in out:
        if t.ent_type_ in ("DATE", "TIME"):  # "arrested on Saturday": when, not what
            continue
        if t.dep_ == "pobj" and t.head.lower_ in VENUE_PREPS and t.lemma_.lower() in GATHERING_NOUNS:
            continue  # "a protest at the meeting": where, not what
        if t.i not in seen:
            seen.add(t.i)
            uniq.append(t)
    return uniq


def actor_keys(reg, tok, create=False, patient=False):
    """Actor keys a token (and its conjuncts) refers to. With ``create``, an unknown plural
    or collective noun phrase in an argument slot becomes a group actor; with ``patient`` too
    (the one a material act is done to), the people of the press ("arrested three journalists")."""
    if tok is None:
        return []
    keys = []
    conj = with_conjuncts(tok)
    for t in conj:
        for k in reg.multi.get(t.i, []):
            if k not in keys:
                keys.append(k)
    if keys:
        return keys
    if not any(reg.key_of_token(t) for t in conj):
        keys = groups.principals(reg, conj) or _named_by_modifier(reg, conj)
        if keys:
            return keys
    if create and not any(reg.key_of_token(t) for t in conj):
        g = groups.group_for(reg, conj, patient=patient)
        if g:
            return [g]
    for t in conj:
        k = reg.key_of_token(t)
        if k is None:
            for c in t.children:  # "all Ethiopians", "the people of Ukraine", "the country's military"
                if c.dep_ == "prep" and c.lower_ == "of":
                    for p in c.children:
                        k = k or reg.key_of_token(p)
                if c.dep_ == "poss" and t.lemma_.lower() in STATE_ORGANS:
                    k = k or reg.key_of_token(c)
        if k and k not in keys:
            keys.append(k)
    return keys


def _named_by_modifier(reg, conj) -> list[str]:
    """A body named by the name before its head: 'the Hizbollah group', 'al-Qaeda's terror
    network' (word class named_body_heads)."""
    keys = []
    for t in conj:
        if t.lemma_.lower() not in NAMED_BODY_HEADS:
            return []
        k = next((reg.key_of_token(c) for c in t.children if c.dep_ in ("compound", "nmod") and c.i < t.i
                  and reg.key_of_token(c) and reg.actors[reg.key_of_token(c)].kind not in ("person", "state")), None)
        if k is None:
            return []
        keys.append(k)
    return keys


def _xcomp_subject(content_tok):
    for c in content_tok.children:
        if c.dep_ in SUBJ:
            return c
    return None


def _unwrap_negation(tok):
    """'not to deport X' / 'stop repatriating X' / 'the blockade must end' ->
    (content head, negated)."""
    negated = any(c.dep_ == "neg" for c in tok.children) or (
        tok.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children))  # "no progress"
    if tok.lemma_.lower() == "be" and any(c.dep_ == "expl" for c in tok.children):
        what = next((c for c in tok.children if c.dep_ in ("attr", "nsubj") and c.pos_ == "NOUN"), None)
        if what is not None:  # "that there has been no follow-up on negotiations": what is missing
            t2, n2 = _unwrap_negation(what)
            return t2, n2 != negated
    if tok.lemma_.lower() == "have":  # "are having trouble delivering aid": the aid is hindered
        hindered = [a for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() in OBSTRUCTION_NOUNS
                    for a in c.children if a.dep_ in ("acl", "advcl") and a.tag_ == "VBG"]
        if hindered:
            t2, n2 = _unwrap_negation(hindered[0])
            return t2, n2 == negated
    if tok.lemma_.lower() in ATTEMPT_HEADS:  # "are trying to halt the election"
        inner = [c for c in tok.children if c.dep_ == "xcomp"]
        if inner:
            t2, n2 = _unwrap_negation(inner[0])
            return t2, n2 != negated
    if tok.lemma_.lower() in NEGATING_HEADS:
        inner = [c for c in tok.children if c.dep_ in ("xcomp", "dobj", "pcomp", "ccomp")
                 or (c.dep_ == "acl" and tok.pos_ == "NOUN")]  # "refusal to relinquish power"
        if not inner:
            inner = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "NOUN"]
        if inner:
            return inner[0], not negated
    return tok, negated


def _own_subtree(tok, shared=False):
    """A content's words without coordinated clauses ('assist X and will continue to Y'); with
    ``shared``, keeping those that share its subject and auxiliaries ('should release X, allow
    Y and begin Z')."""
    known = memo(tok.doc, "own_subtree_shared" if shared else "own_subtree")
    got = known.get(tok.i)
    if got is None:
        got = known[tok.i] = tuple(_own_subtree_of(tok, shared))
    return got


def _own_subtree_of(tok, shared=False):
    skip = set()
    kept = set(shared_conjuncts(tok)) if shared else set()
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and c not in kept:
            skip.update(x.i for x in c.subtree)
        if c.dep_ == "cc" and any(x.dep_ == "conj" and x.pos_ in ("VERB", "AUX") and x not in kept for x in tok.children):
            skip.add(c.i)
    for t in tok.subtree:  # "said X had failed and urged Y": the urging is no part of what was said
        if t.dep_ == "conj" and t.i not in skip and _speech_conjunct(t) is not None:
            skip.update(x.i for x in t.subtree)
            skip.update(c.i for c in t.head.children if c.dep_ in ("cc", "punct") and c.i < t.i)
    return [t for t in tok.subtree if t.i not in skip]


def _content_end(tok) -> int:
    """Where a content's words end: its subtree's end, or before a coordinated speech act."""
    for t in tok.subtree:
        if t.dep_ == "conj" and _speech_conjunct(t) is not None:
            cut = min([t.i] + [c.i for c in t.head.children if c.dep_ in ("cc", "punct") and t.head.i < c.i < t.i])
            if cut > tok.left_edge.i:
                return cut
    return tok.right_edge.i + 1


def shared_conjuncts(verb) -> list:
    """Verbs coordinated with a content verb that share its subject and auxiliaries:
    'should release X, allow Y, and begin Z' -> allow, begin (not 'and will continue')."""
    if verb.pos_ not in ("VERB", "AUX"):
        return []
    out = []
    for c in verb.children:
        if c.dep_ == "conj" and c.pos_ == "VERB" and not any(
                x.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for x in c.children) and _speech_conjunct(c) is None:
            out += [c] + shared_conjuncts(c)
    return out


def _content_span(tok):
    toks = _own_subtree(tok, shared=True)
    return Span(toks[0].idx, toks[-1].idx + len(toks[-1].text))


# ---------------------------------------------------------------- main


def extract(doc, reg, *, issues, dates, in_quote=lambda i: False) -> list[Statement]:
    """``issues(doc, tokens) -> (Issue|None, flip: bool)``; ``dates(tok) -> TimeValue|None``;
    ``in_quote(char offset)``: inside a direct quotation (an act told there is the quoted
    speaker's claim, and the quotation stays their statement)."""
    hits = [h for h in find_cues(doc) if not _in_condition(h.tok) and _noun_cue_ok(h) and not _frame_only(h)
            and not (h.cue.pos == "NOUN" and reg.at(h.tok.i))  # "Chile's opposition held a rally": an actor
            and not (h.tok.dep_ == "amod" and h.tok.pos_ in ("VERB", "AUX"))  # "the expelled diplomats"
            and not (h.cue.act == "PROTEST" and not h.cue.speech and h.cue.pos == "VERB" and any(
                c.dep_ == "dobj" and c not in h.extra or c.dep_ in ("auxpass", "agent") for c in h.tok.children))]
    # ("demonstrated its commitment", "abuses demonstrated by the regime" are no street protest)
    heads = {h.tok.i for h in hits}  # "joined Norway in condemning X": the act is the condemning
    hits = [h for h in hits if not (_lemma(h.tok) in JOINING_VERBS and any(t.i in heads for t in h.extra))]
    inner = {t.i for h in hits for t in h.extra}
    hits = [h for h in hits if h.tok.i not in inner]
    cue_tokens = {h.tok.i: h.cue.act for h in hits}  # token -> act of the cue it heads
    held = {h.tok.idx for h in hits if h.cue.pos == "NOUN" and (_held_stance(h) or _agent_act(h) and (
        noun_agent(h.tok).dep_ != "poss"))}  # ("because of X's refusal", "condemned the expulsion of
    # diplomats by Moscow": told by the way; "condemned Iran's seizure of X" is what is condemned)
    made = []  # (statement, is_speech)
    for h in hits:
        made += [(st, h.cue.speech) for st in _from_hit(doc, reg, h, cue_tokens, issues, dates)]
    from kg.extract import story  # (story reads this module's parse helpers)
    made += [(st, False) for st in story.pro_acts(doc, reg, [t for t, _ in made], dates)]
    # "X said it would attack …" is a threat
    told = doc.user_data.get("kg_own_report", set())
    for o, _ in made:
        if _threatenable(o) and o.modality in ("hypothetical", "planned") and \
                any(tokens(doc)[i].idx == o.cue_span.start for i in told):
            _to_threat(o, doc, reg, issues)
    # a plain "X said …" whose content holds X's own act ("its demand") gives way to that act
    own = {id(t) for t, _ in made if t.act == "STATEMENT" and t.content_span and any(
        o is not t and o.speaker == t.speaker and t.content_span.covers(o.cue_span) for o, _ in made)}
    for t, _ in made:
        if id(t) in own:
            for o, _ in made:
                if (o is not t and o.speaker == t.speaker and t.content_span.covers(o.cue_span)
                        and _threatenable(o) and o.modality in ("hypothetical", "planned")):
                    _to_threat(o, doc, reg, issues)
    made = [(t, sp) for t, sp in made if id(t) not in own]
    # an act inside another act's content or purpose is part of it, not an act of its own —
    # except speech reported by a plain statement ("she said the EU made it clear …")
    # — and an act reported by someone else ("soldiers arrested …, officials said"), whose
    # report then says nothing of its own when the act is all its content
    out, told = [], set()
    for st, speech in made:
        if st.act == "STATEMENT" and st.content is None and st.quote is None and st.issue is None and (
                " " not in st.cue or set(st.cue.split()[1:]) & DOCUMENT_NOUNS):
            continue  # "a statement was issued": no proposition ("declared independence" is one)
        outer = [t for t, _ in made if t is not st and t.content_span and t.content_span.covers(st.cue_span)
                 and not t.cue_span.overlaps(st.cue_span) and not _told_within(doc, t, st)]
        if outer and not speech and all(_reports(t) and t.act in ("STATEMENT", "ACCUSE") for t in outer):
            if not any(same_side(reg, t.speaker, st.speaker) for t in outer):
                if st.modality == "asserted":
                    st.modality = "reported"  # "…, the ministry said": told by someone kg cannot name
                if not in_quote(st.cue_span.start):
                    told.update(id(t) for t in outer if t.content_head == st.cue_span.start)
            # a spokesman telling his government's act speaks with its voice: both stand
        elif outer and not (speech and all(t.act == "STATEMENT" and t.speaker != st.speaker for t in outer)) \
                and not (_in_relative_clause(doc, st) and not any(t.act in ("STATEMENT", "ACCUSE") for t in outer)) \
                and not (speech and _said_by_document(doc, st) and all(t.act in ("AGREE", "SUPPORT") for t in outer)) \
                and not (st.cue_span.start in held and all(t.speaker != st.speaker for t in outer)):
            continue  # (but "protested the crackdown on dissidents who began protesting" tells a fact by
            # the way, as "suspended X because of Y's refusal to …" tells Y's refusal; in a claim,
            # "what he calls outlaws who cut off roads" stays the claim)
        out.append(st)
    out = [s for s in out if s.speaker and id(s) not in told]  # content of an unknown speaker only delimits
    return story.shared_purpose(_dedupe(_one_act_per_clause(out)), reg)


def _policy_of(tok) -> bool:
    """Whether an act is named as what a policy does ('a policy of turning away boats')."""
    return tok.dep_ == "pcomp" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in POLICY_NOUNS


def _told_within(doc, outer, st) -> bool:
    """Whether an act is told inside the clause of another ('turned away boats, which Italy
    criticised'): the judging clause hangs on the act it judges, which stays an act."""
    inner = next(iter(tokens_at(doc, st.cue_span.start, st.cue_span.end)), None)
    judge = next(iter(tokens_at(doc, outer.cue_span.start, outer.cue_span.end)), None)
    return inner is not None and judge is not None and any(a.i == inner.i for a in judge.ancestors)


def _said_by_document(doc, st) -> bool:
    """'adopted a resolution condemning X': the document's act, which its adopter does."""
    toks = tokens_at(doc, st.cue_span.start, st.cue_span.end)
    return bool(toks) and toks[0].dep_ == "acl" and toks[0].head.lemma_.lower() in DOCUMENT_NOUNS


def _in_relative_clause(doc, st) -> bool:
    """Whether an act is told in a relative clause ('dissidents who began protesting'): a
    fact the sentence takes as given, not part of what its main act is about."""
    tok = next(iter(tokens_at(doc, st.cue_span.start, st.cue_span.end)), None)
    for _ in range(4):
        if tok is None or tok.head.i == tok.i:
            return False
        if tok.dep_ == "relcl":
            return any(c.dep_ in SUBJ and c.lower_ in RELATIVE for c in tok.children)
        if tok.dep_ not in ("xcomp", "conj"):
            return False
        tok = tok.head
    return False


def _to_threat(st, doc, reg, issues) -> None:
    """'X said it would attack …': X threatens to (CAMEO 13x); 'it may impose sanctions if he
    fails to step down': the threat is about its condition."""
    st.cameo = codes.threat_code(st.act)
    st.act, st.modality, st.stance, st.rule = "THREATEN", "asserted", st.stance or "oppose", st.rule + "+threat"
    tok = next(iter(tokens_at(doc, st.cue_span.start, st.cue_span.end)), None)
    cond = _condition(tok) if tok is not None else None
    if cond is None:
        return
    content_tok, negated, stance = _threat_content(cond)
    issue, flip = issues(doc, _issue_tokens(content_tok, reg))
    if issue is not None:
        st.issue, st.issue_span = issue, Span(content_tok.idx, content_tok.idx + len(content_tok.text))
        st.stance = stance if negated == flip else ("oppose" if stance == "support" else "support")
    if st.addressee is None:
        st.addressee = next((k for c in cond.children if c.dep_ == "nsubj" for k in actor_keys(reg, c)
                             if k != st.speaker), None)


def _threat_content(cond):
    """A threat's condition: (content head, negated, stance): 'if he attacks' fears the attack,
    'unless he steps down' demands the stepping down."""
    content_tok, negated = _unwrap_negation(cond)
    return content_tok, negated, "support" if any(
        c.dep_ == "mark" and c.lower_ == "unless" for c in cond.children) else "oppose"


def _threatenable(st) -> bool:
    return st.act in THREATENABLE or st.cue == "boycott"


def _one_act_per_clause(sts):
    """'staged a hunger strike to protest X': one PROTEST, not two. Of the statements one
    speaker makes with one act in one sentence, those that name neither addressee nor issue
    give way to one that names either."""
    fuller = {(s.speaker, s.act, s.span) for s in sts if s.addressee or s.issue}
    return [s for s in sts if s.addressee or s.issue or s.quote is not None
            or (s.speaker, s.act, s.span) not in fuller]


@lru_cache(maxsize=1)
def _object_acts():
    return [(frozenset(split(r["verbs"])), r["objects"], r["act"], r["cameo"], r["stance"] or None)
            for _, r in read_tsv(LEXICONS / "object_acts.tsv", ("verbs", "objects", "act", "cameo", "stance"))]


def object_act(tok, extra=()):
    """The act a verb does to what it acts on (kg/data/lexicons/object_acts.tsv): (act, code,
    stance towards the object) or None. A multiword cue ('hold talks', ``extra`` its other
    words) names what it acts on itself: only an object of a listed class changes it."""
    lemma = _lemma(tok)
    rows = [r for r in _object_acts() if lemma in r[0]]
    if not rows:
        return None
    obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None) or next(
        (c for c in extra if c.pos_ == "NOUN"), None)
    if obj is None and tok.pos_ == "NOUN":  # "the withdrawal of its ambassador"
        obj = next((p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                    for p in c.children if p.dep_ == "pobj"), None)
    if obj is not None and obj.lemma_.lower() in QUANTITY_NOUNS:  # "700 kg of medicine"
        obj = next((p for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
                    for p in c.children if p.dep_ == "pobj"), obj)
    head = obj.lemma_.lower() if obj is not None else None
    if obj is not None and is_money(obj):
        head = "money"  # "$500 million (in aid)"
    # ("freedom of navigation operations", parsed with 'freedom' as head: the 'of' noun too)
    of_head = next((p.lemma_.lower() for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
                    for p in c.children if p.dep_ == "pobj"), None) if obj is not None else None
    for name in (head, of_head):
        for verbs, objects, act, cameo, stance in rows:
            if name is not None and objects not in ("-", "*") and name in words(objects):
                return act, cameo, stance
    for verbs, objects, act, cameo, stance in rows if not extra else ():
        if objects == "-" or (objects == "*" and head is not None):
            return act, cameo, stance
    return None


def _reports(st) -> bool:
    """Whether a statement is a plain report ('said', 'told', 'reported'), whatever its content
    made of it (a report whose content is a demand, 'said Sudan must return …', is a REQUEST
    and its content no act of its own)."""
    return any(r.cue == st.cue and r.act == "STATEMENT" and r.speech for r in load_cues().get(st.cue.split()[0], ()))


@lru_cache(maxsize=1)
def civil_acts() -> dict[tuple[str, str], tuple[str, str]]:
    """(cue, pos) -> (act, CAMEO code) when civil actors do it (kg/data/lexicons/civil_acts.tsv)."""
    return {(r["cue"], r["pos"]): (r["act"], r["cameo"])
            for _, r in read_tsv(LEXICONS / "civil_acts.tsv", ("cue", "pos", "act", "cameo"))}


CIVIL_KINDS = {"group", "party", "organization"}


def _is_civil(actor) -> bool:
    """A group of people, a party, an NGO or a person without an official post."""
    return actor is not None and (actor.kind in CIVIL_KINDS or (actor.kind == "person" and not actor.post))


def _gathering(row) -> bool:
    """Cues of gatherings ('meet', 'hold talks', 'convene'): their roles take 'with'/'between'
    parties, or none at all."""
    return any(r in ("prep:with", "prep:between") for r in row.addressee) or not row.addressee


COLLECTIVE_KINDS = {"igo", "igo_body", "group", "party", "armed_group", "organization"}


def _several(speakers, subj, reg) -> bool:
    """Whether the ones who meet are more than one: two speakers, a plural subject, or a body
    ('the ministers discussed …', 'the Council met'), not one person discussing a matter."""
    if len(speakers) > 1 or (subj is not None and subj.tag_ in ("NNS", "NNPS")):
        return True
    return any(reg.actors.get(k) is not None and reg.actors[k].kind in COLLECTIVE_KINDS for k in speakers)


def _frame_only(h) -> bool:
    """'retaliated by firing …', 'responded by expelling …': the act is the 'by'-verb; a
    participle ('…, retaliating for X') only says why the main act was done."""
    tok = h.tok
    if tok.lemma_.lower() not in FRAME_VERBS:
        return False
    by_act = any(c.dep_ == "prep" and c.lower_ == "by" and any(p.dep_ == "pcomp" for p in c.children)
                 for c in tok.children)
    return by_act or (tok.dep_ == "advcl" and tok.tag_ == "VBG")


def _in_condition(tok) -> bool:
    """Acts inside 'whether …' or 'if …' clauses are deliberations or conditions, not acts;
    nor are acts someone is merely permitted to do ('authorizes the Secretary to restrict')."""
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in PERMISSION_VERBS:
        return True
    for t in [tok] + list(tok.ancestors):
        for c in t.children:
            if c.dep_ == "mark" and c.lower_ in ("whether", "if", "unless"):
                return True
        if t.dep_ in ("ROOT",):
            break
    return False


def _mistagged_verb(tok) -> bool:
    """'The Secretary-General appeals to …' parsed as one noun phrase: a root noun in -s
    after a compound name is the verb of that name."""
    return tok.dep_ == "ROOT" and tok.tag_ in ("NNS", "NNPS") and any(
        c.dep_ == "compound" and c.i < tok.i for c in tok.children)


LIGHT_VERBS = words("light_verbs")
# verbs whose object names the act their subject does ("staged a hunger strike", "began a boycott")
ACT_LIGHT_VERBS = LIGHT_VERBS | words("act_light_verbs")
CONSULT_LIGHT_VERBS = words("consult_light_verbs")  # "had talks with X"; not "had concerns"


def _noun_cue_ok(h) -> bool:
    """Nominal cues state an act only when they are speech ('its demand', 'the EU's call')
    with a possessor, or the object of a light verb ('launched a protest', 'staged a hunger
    strike', 'went on strike')."""
    if h.cue.pos != "NOUN":
        return True
    tok = h.tok
    if backing.backed_verb(tok) is not None and backing.backer_tokens(tok):
        return True  # "With the backing of Turkey, the rebels seized …": Turkey backs the rebels
    if not h.cue.speech:
        return _light_object(tok, h.cue.act) or _held_stance(h) or _agent_act(h) or _giver(tok) is not None
    if tok.dep_ not in ("dobj", "nsubj", "nsubjpass", "ROOT", "appos", "attr"):
        return _held_stance(h)  # deeper in a noun phrase it refers to an act, it does not report one
    if _mistagged_verb(tok):
        return True
    return any(c.dep_ == "poss" for c in tok.children) or (
        tok.dep_ == "dobj" and tok.head.lemma_.lower() in LIGHT_VERBS) or _giver(tok) is not None


ELICITING_VERBS = words("eliciting_verbs")


def _giver(tok):
    """Who gives the act a noun names to the subject of the verb that takes it: 'Georgia has the
    support of the US', 'won praise from the UN', 'the move drew sharp criticism from the EU'."""
    if tok.dep_ != "dobj":
        return None
    verb = _lemma(tok.head)
    preps = ("of", "from") if verb in RECEIVING_VERBS else ("from",) if verb in ELICITING_VERBS else ()
    return next((p for holder in (tok, tok.head) for c in holder.children if c.dep_ == "prep" and c.lower_ in preps
                 and (holder is tok or c.i > tok.i) for p in c.children if p.dep_ == "pobj"), None)


HELD_STANCES = {"SUPPORT", "REJECT", "ACCUSE", "REQUEST"}
#: material acts a noun names with its agent: "the seizure of two boats by the navy"
AGENT_NOUN_ACTS = {"COERCE", "SANCTION", "ASSAULT", "MOBILIZE", "RETREAT", "AID"}


def _object_of(t, cue) -> bool:
    """Whether ``t`` is what the cue acts on: its object, or the 'of' phrase of a noun cue
    ('seized the boats', 'the seizure of the boats')."""
    return t.dep_ == "dobj" or cue.pos_ == "NOUN" and t.dep_ == "pobj" and t.head.lower_ == "of" \
        and t.head.head.i == cue.i


def _light_object(tok, act) -> bool:
    """'staged a hunger strike', 'went on strike', 'had talks with X': a noun whose verb does
    nothing but act it."""
    return (tok.dep_ == "dobj" and (tok.head.lemma_.lower() in ACT_LIGHT_VERBS or act == "CONSULT" and
                                    tok.head.lemma_.lower() in CONSULT_LIGHT_VERBS)) or _gone_on(tok)


def _agent_act(h) -> bool:
    """A material act a noun names with its agent, wherever the noun sits."""
    return h.cue.pos == "NOUN" and not h.cue.speech and h.cue.act in AGENT_NOUN_ACTS \
        and not _light_object(h.tok, h.cue.act) and noun_agent(h.tok) is not None


def _doing_participles(noun) -> list:
    """Participles that only do what the noun names: a light verb ('the strikes carried out by
    X') or the verb of a cue with the noun ('the sanctions imposed by X': 'impose sanction')."""
    lemma = _lemma(noun)
    return [c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN" and (
        _lemma(c) in ACT_LIGHT_VERBS or any(r.cue == f"{_lemma(c)} {lemma}" for r in load_cues().get(_lemma(c), ())))]


def noun_agent(noun):
    """Who does what a noun names: 'the seizure of the boats by the navy', or, where the parser
    hangs the agent on the one acted on, 'the arrest of the leader by police'; the possessor
    of a noun with its object ('Iran's seizure of a British tanker'; not 'Mali's suspension',
    done to Mali)."""
    objects = [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
               for p in c.children if p.dep_ == "pobj"]
    if objects and (poss := next((c for c in noun.children if c.dep_ == "poss"), None)) is not None:
        return poss
    for c in _doing_participles(noun):  # "the sanctions imposed by the EU", "the strikes carried out by Russia"
        if agent_of(c) is not None:
            return agent_of(c)
    heads = [noun] + objects
    for head in heads:
        for c in head.children:
            if c.dep_ in ("prep", "agent") and c.lower_ == "by" and c.i > noun.i:
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p
    return None


def _held_stance(h) -> bool:
    """'because of Sudan's refusal to hand over X', 'after the recognition of Y by Taiwan':
    a noun of a stance whose holder is named (its possessor or 'by X') and whose content is
    filled presupposes that stance, wherever the noun sits."""
    tok = h.tok
    if h.cue.act not in HELD_STANCES or tok.dep_ == "compound":
        return False
    held = any(c.dep_ == "poss" for c in tok.children) or noun_agent(tok) is not None
    return held and bool(role_tokens(tok, h.cue.content, h.extra))


def _received_for(tok) -> list:
    """What support someone has is for: 'has the backing of X in seeking Y' (a clause, or an
    endeavour: 'in its bid to join Z'), 'has the support of X for its plan'."""
    out = []
    for a in (tok, tok.head):
        for c in a.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "for"):
                out += [p for p in c.children if p.dep_ == "pcomp" or p.dep_ == "pobj" and (
                    c.lower_ == "for" or p.lemma_.lower() in DECISION_NOUNS | ENDEAVOUR_NOUNS | CAMPAIGN_NOUNS)]
    return [_aim_of(t) for t in out[:1]]


ENDEAVOUR_NOUNS = words("endeavour_nouns")


def _aim_of(tok):
    """What an endeavour aims at: 'its bid to join Y', 'reaching its goal of joining Y' -> joining Y."""
    for _ in range(2):
        if tok.pos_ in ("VERB", "AUX"):
            tok = next((c for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() in ENDEAVOUR_NOUNS), tok)
        if tok.lemma_.lower() not in ENDEAVOUR_NOUNS:
            return tok
        inner = [c for c in tok.children if c.dep_ == "acl" and any(x.dep_ == "aux" and x.lower_ == "to" for x in c.children)]
        inner += [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pcomp"]
        if not inner:
            return tok
        tok = inner[0]
    return tok


def _gone_on(tok) -> bool:
    """'went on (hunger) strike': the act is the object of 'on' under 'go'."""
    return tok.dep_ == "pobj" and tok.head.lower_ == "on" and tok.head.head.lemma_.lower() == "go"


def in_passing(tok) -> bool:
    """An act named by a noun in a phrase of another clause ('sanctions over Russia's
    deportation of children', 'marked by the assassination of X by soldiers'): a reference to
    something known, not an event the story tells ('went on strike' is one)."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok.pos_ == "NOUN" and tok.dep_ == "pobj" and not _gone_on(tok)


def sentence_span(tok) -> Span:
    s = tok.sent
    known = memo(tok.doc, "sentence_span")
    got = known.get(s.start)
    if got is None:
        text = s.text.rstrip()
        got = known[s.start] = Span(s.start_char, s.start_char + len(text))
    return got


def _reporting_frame(tok, reg):
    """The reporting verb above a cue ("X said that Y is suspended") and its speaker."""
    cur = tok
    for _ in range(4):
        if cur.dep_ in ("ccomp", "xcomp", "advcl", "conj") and cur.head.i != cur.i:
            cur = cur.head
            rows = load_cues().get(_lemma(cur)) or []  # its own row, not "make statement" for "make"
            if any(r.speech and r.act == "STATEMENT" and r.cue == _lemma(cur) for r in rows):
                subj, _ = subject_of(cur)
                return cur, actor_keys(reg, subj)
        else:
            break
    return None, []


def _envoys_state(reg, subj) -> list[str]:
    """The state an envoy named as subject serves ('the Serbian ambassador to the U.S.')."""
    keys = actor_keys(reg, subj) if subj is not None else []
    for k in keys:
        a = reg.actors.get(k)
        if a is not None and a.kind == "person" and a.country:
            entry = load_gazetteer().entries.get(a.country)
            if entry is not None and entry.kind == "state":
                reg.from_entry(entry, rule="actor.envoy-state")
                return [entry.key]
    return []


def _word_acts(tok) -> set:
    """The acts the cue word names alone ('arrest': COERCE, whatever 'arrest journalist' is)."""
    lemma = _lemma(tok)
    return {r.act for r in load_cues().get(lemma, ()) if r.cue == lemma}


def _joined(tok, reg) -> list[str]:
    """Whom the subject joined in an act: 'joined Norway in condemning X' (Norway condemns too)."""
    if tok.dep_ != "pcomp" or tok.head.lower_ not in ("in", "with") or _lemma(tok.head.head) not in JOINING_VERBS:
        return []
    return [k for c in tok.head.head.children if c.dep_ == "dobj" for k in actor_keys(reg, c)]


def _accompanied(tok, subj, reg) -> list[str]:
    """Who acts with the subject: 'France, along with Germany, condemned X', 'Japan, together
    with South Korea, protested X'."""
    def along(w):  # "along with", "together with" (the parser hangs either word on the other)
        return w.lower_ in ("along", "together")

    withs = [w for h in [tok] + ([subj] if subj is not None else []) for c in h.children for w in (c, *c.children)
             if w.lower_ == "with" and w.dep_ == "prep" and (along(c) or any(along(a) for a in w.children))]
    return [k for w in withs for p in w.children if p.dep_ == "pobj" for k in actor_keys(reg, p)]


def _state_where(tok, reg) -> list[str]:
    """The state an act is done in: 'in Belarus', or in a place of it ('in Tehran')."""
    for p in (p for c in tok.children if c.dep_ == "prep" and c.lower_ == "in" for p in c.children if p.dep_ == "pobj"):
        if (state := targets.state_in(p, reg, actor_keys)):
            return state
    return []


def _posted_to(reg, subj) -> list[str]:
    """The state an envoy is posted to: 'the ambassador to the U.S.' -> the United States."""
    for t in subj.subtree:
        iso = reg.country_hint.get(t.i) if t.dep_ == "pobj" and t.head.lower_ == "to" else None
        entry = load_gazetteer().entries.get(iso) if iso else None
        if entry is not None and entry.kind == "state":
            reg.from_entry(entry, rule="actor.envoy-host")
            return [entry.key]
    return []


def _according_to(tok, reg):
    """The source of 'according to X' in the act's clause (or a clause above it)."""
    for t in [tok, *list(tok.ancestors)[:3]]:
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ == "according":
                for to in c.children:
                    for p in to.children:
                        if p.dep_ == "pobj":
                            return actor_keys(reg, p, create=True)
    return []


def _from_hit(doc, reg, h, cue_tokens, issues, dates):
    tok, row = h.tok, h.cue
    if row.pos == "VERB" and _lemma(tok) in TRANSFER_VERBS and not h.extra and not any(
            c.dep_ in ("dobj", "dative", "nsubjpass") for c in tok.children):
        return []  # "negotiators return to Geneva": nothing is returned
    if _lemma(tok) in JOINING_VERBS and any(c.dep_ == "prep" and c.lower_ in ("in", "with") and any(
            p.dep_ == "pcomp" and p.i in cue_tokens for p in c.children) for c in tok.children):
        return []  # "joined Saudi Arabia in recalling their envoys": the act is the recall
    passive, subj, received_by, participle, elicited = False, None, [], False, None
    backed = backing.backed_verb(tok) if row.pos == "NOUN" else None
    if backed is not None:  # "with the backing of Turkey, the rebels …": Turkey backs them
        speakers = [k for b in backing.backer_tokens(tok) for k in (
            actor_keys(reg, b, create=True) or targets.demonym_state(reg, b))]
        received_by = [k for k in actor_keys(reg, subject_of(backed)[0]) if k not in speakers]
        if not received_by or not speakers:
            return []  # "With the support of the UN, the talks resumed": no one is backed
    elif row.pos == "NOUN":
        poss = [c for c in tok.children if c.dep_ == "poss"]
        speakers = actor_keys(reg, poss[0]) if poss else []
        if not speakers and _mistagged_verb(tok):
            speakers = actor_keys(reg, max((c for c in tok.children if c.dep_ == "compound"), key=lambda c: c.i))
        by = noun_agent(tok)
        if not speakers and by is not None:
            speakers = actor_keys(reg, by, create=True)
            if not speakers and _agent_act(h):
                return []  # "the expulsion of the diplomats by decree": no one named does it
        giver = _giver(tok)
        if not speakers and giver is not None:  # "Georgia has the support of the US": the US supports it
            speakers = actor_keys(reg, giver, create=True)
            recipient, _ = subject_of(tok.head)
            received_by = [k for k in actor_keys(reg, recipient) if k not in speakers]
            if not received_by and recipient is not None:
                elicited = recipient  # "the move drew sharp criticism from the EU": about the move
        if not speakers and (tok.dep_ == "dobj" or _gone_on(tok)):
            subj, _ = subject_of(tok.head if tok.dep_ == "dobj" else tok.head.head)
            speakers = actor_keys(reg, subj, create=not h.cue.speech)
    else:
        participle = tok.dep_ in ("acl", "advcl") and tok.tag_ == "VBN" and agent_of(tok) is not None
        if participle and tok.dep_ == "acl":
            subj, passive = tok.head, True  # "a plan, backed by the AU": the AU backs the plan
        elif participle:  # "Backed by Russia, the rebels attacked …": Russia backs the rebels
            subj, passive = subject_of(tok)[0], True
        else:
            subj, passive = subject_of(tok)
        passive = passive and row.pos != "ADJ"  # "was disappointed by X": the disappointed one speaks
        said = _speech_conjunct(tok) if row.speech else None
        if said is not None:
            subj, passive = subject_of(said)
        speakers = [] if passive else actor_keys(reg, subj, create=True)
        if not speakers and not passive and subj is None:
            speakers = _adjacent_actor(tok, reg) or (_inverted(tok, reg) if row.speech else [])
        if passive:
            speakers = actor_keys(reg, agent_of(tok))
            if not speakers and row.act == "MOBILIZE":  # "X's military was placed on alert": X mobilizes
                speakers = actor_keys(reg, subj)
            if not speakers and row.cue in RECALL_VERBS:  # "the Serbian ambassador was recalled": Serbia recalled him
                speakers = _envoys_state(reg, subj)
            if not speakers and "COERCE" in _word_acts(tok):  # "two journalists were arrested in Belarus": Belarus
                speakers = _state_where(tok, reg)
    speakers += [k for k in _joined(tok, reg) + _accompanied(tok, subj, reg) if speakers and k not in speakers]
    speaker_subj = subj
    frame, frame_speakers = _reporting_frame(tok, reg)
    if not frame_speakers and row.act != "STATEMENT":
        frame_speakers = _according_to(tok, reg)
    reported, source = False, None
    if not speakers and frame_speakers and (passive or row.pos == "NOUN") and (row.speech or row.act not in WITNESSED):
        # "ECOWAS said Niger is suspended": ECOWAS suspended it; "police said three were killed":
        # the police only tell it
        speakers = frame_speakers
    elif speakers and frame_speakers and row.act != "STATEMENT" and not all(
            any(same_side(reg, a, b) for b in frame_speakers) for a in speakers):
        reported, source = True, frame_speakers[0]  # "X did Y, officials said": X's act, as they tell it
    act, cameo, stance = row.act, row.cameo, row.stance or None
    civil_rule = ""
    civil = civil_acts().get((row.cue, row.pos))
    if civil and speakers and all(_is_civil(reg.actors.get(k)) for k in speakers):
        act, cameo = civil  # protesters protesting: civil dissent, not an official complaint
        civil_rule = "+civil"
    if not speakers:
        if not row.speech:
            return []
        speakers = [""]  # an unknown speaker ("the draft urged Damascus to …") still has content
    addressees, used, activities = list(received_by), set(), []
    for t in role_tokens(tok, row.addressee, h.extra):
        if content_role_first(tok, t, row) and not (reg.key_of_token(t) or reg.multi.get(t.i)):
            continue  # (an actor as object is the one acted on: "recognised Kosovo", "backed Kyiv")
        keys = actor_keys(reg, t, create=True, patient=row.act in targets.DONE_TO) or (
            targets.occupants(t, reg, actor_keys) if codes.default_stance(row.act) == "oppose" else [])
        if not keys and t.dep_ == "pobj" and t.pos_ == "NOUN" and not t.ent_type_ and not groups.is_agent_noun(t):
            activities.append(t)  # "cracked down on people smuggling": no one, but what a cue with no
            # content role acts against
        if keys or t.dep_ != "pcomp":  # "commitment to promoting X": a clause is content, not addressee
            used.add(t.i)
        addressees += [k for k in keys if k not in addressees]
    if not addressees:  # "brokered a truce between A and B", "signed a pact with B": the parties hang on the
        # deal; a material act on a thing reaches the party the thing goes to or comes from ("froze aid to
        # Mali", "banned imports from China")
        relational = [r for r in row.addressee if r in ("prep:with", "prep:between")]
        material = [] if row.speech else list(OBJECT_PARTY_ROLES)
        things = [c for c in tok.children if c.dep_ == "dobj" and reg.key_of_token(c) is None]
        if row.pos == "NOUN" and material:  # "the suspension of arms sales to X", "a ban on imports from X"
            things += [p for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "on")
                       for p in c.children if p.dep_ == "pobj" and reg.key_of_token(p) is None]
        searches = [(c, relational + material + THING_PARTY_ROLES * bool(material)) for c in things]
        if material:  # "froze aid to Mali": the parser hangs the party on the verb
            searches.append((tok, [r for r in material if r not in row.content and r not in row.addressee]))
        if row.pos == "NOUN" and tok.dep_ == "dobj":  # "resumed aid to Egypt": on the verb that takes the act
            searches.append((tok.head, [r for r in row.addressee if r.startswith("prep:")]))
        if row.pos == "NOUN":  # "the sanctions imposed on Belarus by the EU": on the participle that does it
            searches += [(c, [r for r in row.addressee if r.startswith("prep:")]) for c in _doing_participles(tok)]
        for holder, roles in searches:
            for t in role_tokens(holder, roles):
                if backing.backing_noun(t):
                    continue  # "with the backing of Turkey": a backer, no party the act reaches
                keys = actor_keys(reg, t, create=True)
                used.update([t.i] if keys else [])
                addressees += [k for k in keys if k not in addressees]
        by_thing = bool(addressees)
    else:
        by_thing = False
    if not addressees and row.addressee == ("dobj",):  # "declared X persona non grata", read as a clause
        for t in (c for e in h.extra if e.dep_ in ("ccomp", "xcomp", "oprd") for c in e.children if c.dep_ == "nsubj"):
            addressees += [k for k in actor_keys(reg, t, create=True) if k not in addressees]
            used.add(t.i)
    if row.pos == "NOUN" and not addressees and tok.dep_ == "dobj" and tok.head.lemma_.lower() in RESPONSE_VERBS:
        subj, _ = subject_of(tok.head)  # "the coup leaders accepted its demand": they were asked
        addressees = [k for k in actor_keys(reg, subj) if k not in speakers]
    if passive and row.pos == "VERB" and not addressees:
        subj, _ = subject_of(tok)
        if row.cue in RECALL_VERBS and _envoys_state(reg, subj):  # "the ambassador to the U.S. was recalled"
            addressees = _posted_to(reg, subj)
        else:
            addressees = actor_keys(reg, subj) or actor_keys(reg, subj, create=True, patient=row.act in targets.DONE_TO) or (
                targets.occupants(subj, reg, actor_keys) if subj is not None else [])  # ("three aid workers were held")

    used |= {t.i for t in h.extra}  # "impose sanctions": the cue's own words are not its content
    content_toks = [_relative_antecedent(t) for t in role_tokens(tok, row.content, h.extra) if t.i not in used]
    if not content_toks and "dobj" in row.content:  # "boats, which X and Y have criticised" (two subjects)
        content_toks = [_relative_antecedent(c) for c in tok.children if _object_relative(c) is not None]
    judged = None
    if row.act in STANCE_ACTS:  # "pushing back boats, which X criticised": the pushing back, an act
        judged = next((g for g in (_gerund_of(t) for t in content_toks) if g not in content_toks), None)
        content_toks = [_gerund_of(t) for t in content_toks]
    if not content_toks and activities and not row.content and codes.default_stance(row.act) == "oppose":
        content_toks = activities[:1]
    if not content_toks:  # "accused the militants of blocking aid": the phrase hangs on the one accused
        preps = [r for r in row.content if r.startswith("prep:")]
        for c in tok.children:
            if c.dep_ == "dobj" and c.i in used and preps:
                content_toks = role_tokens(c, preps)
                break
    if received_by:  # "has the support of X in seeking membership", "… for its plan" (X is no content)
        content_toks = [t for t in content_toks if not set(actor_keys(reg, t)) & set(speakers)] or _received_for(tok)
    if not content_toks and elicited is not None:
        content_toks = [elicited]
    if not content_toks and row.act == "STATEMENT" and row.stance:  # "declared independence": the claim
        content_toks = [t for t in h.extra if t.pos_ == "NOUN" and t.lemma_.lower() not in DOCUMENT_NOUNS][:1]
    if not content_toks:  # an object that is not an actor is what the act is about
        content_toks = [c for c in tok.children if c.dep_ == "dobj" and c.i not in used
                        and reg.key_of_token(c) is None]
    if not content_toks and row.pos == "VERB" and "dobj" in row.content:
        patient = _passive_patient(tok, passive, speaker_subj)  # "the plan was backed by X"
        if patient is not None and patient.i not in used and reg.key_of_token(patient) is None:
            content_toks = [patient]
    content_tok = content_toks[0] if content_toks else None
    content_root = content_tok
    negated = False
    if content_tok is not None:
        content_tok, negated = _unwrap_negation(content_tok)
    first_content = content_tok  # before a proposal noun gives way to what it proposes
    if content_tok is not None and content_tok.pos_ == "NOUN" and content_tok.lemma_.lower() in PROPOSAL_NOUNS:
        inner = [c for c in content_tok.children if c.dep_ in ("acl", "relcl", "ccomp", "advcl") and c.pos_ in ("VERB", "AUX")
                 and c.i != tok.i]  # ("a plan welcomed by X": the welcoming is no part of the plan)
        inner += [c for c in tok.children if c.dep_ in ("advcl", "xcomp") and c.i == content_tok.right_edge.i + 2
                  and any(x.dep_ == "aux" and x.lower_ == "to" for x in c.children)]  # parser's attachment
        if not addressees:  # "rejected the EU's call", "an Australian ultimatum": the one answered
            addressees = [k for k in targets.of_noun(content_tok, reg, actor_keys) if k not in speakers]
        if inner:  # "rejected a call to halt enrichment": the issue is what was called for
            if content_root is first_content:  # (not "demanded that X stop plans to …": X is asked)
                content_root = inner[0]
            content_tok, again = _unwrap_negation(inner[0])
            negated = negated != again
    if stance is None:
        stance = codes.default_stance(row.act)
    anchors = [tokens(doc)[i] for i in used]
    anchors += [c for a in anchors for c in a.children if c.dep_ == "conj"]  # "on X and Y for …"
    goal, goal_stance, goal_root = _purpose_or_reason(tok, content_tok, anchors,
                                                      reasons=codes.default_stance(act) == "oppose")
    if goal is not None and (not row.speech or content_tok is None or _is_amount(content_tok)):
        # an act done for a purpose supports it, unless it is a meeting ('visited to check …')
        content_tok, negated = goal, False
        stance = goal_stance or (None if act == "CONSULT" else "support")
        content_root = goal_root  # the whole purpose clause is part of the act ("to protest X")
        content_tok, negated = _unwrap_negation(content_tok)
    if act in ("AGREE", "SUPPORT") and any(c.dep_ == "dobj" and is_money(c) for c in tok.children):
        act = "AID"  # "pledged $10 million in aid"
    if act in ("ASSAULT", "COERCE") and tok.dep_ == "xcomp" and _lemma(tok.head) in PREPARING_VERBS:
        act, cameo = "MOBILIZE", "150"  # "the army prepared to resume shelling": mobilizing for it
    elif tok.dep_ == "xcomp" and tok.head.dep_ == "xcomp" and _lemma(tok.head.head) in PREPARING_VERBS \
            and act in ("ASSAULT", "COERCE"):
        act, cameo = "MOBILIZE", "150"
    by_object = object_act(tok, h.extra)
    if by_object is not None and by_object[0] == "-":
        return []  # "provided information", "sent a letter": what is told is no act of its own
    if by_object is not None:  # "handed over medicine": aid; "lifted the curfew": a concession
        act, cameo, obj_stance = by_object
        stance = obj_stance or codes.default_stance(act)

    if not addressees and content_tok is not None and codes.default_stance(act) == "oppose":
        # the accused is the author of what is criticised: "raise Beijing's repatriation of …"
        addressees = [k for k in targets.of_noun(content_tok, reg, actor_keys, targets.AUTHOR_PREPS)
                      if k not in speakers]
    if not addressees and content_tok is not None and act in ("SUPPORT", "COOPERATE", "AGREE", "AID"):
        # "looks forward to continuing its engagement with President X"
        for t in content_tok.subtree:
            if t.dep_ == "pobj" and t.head.lower_ == "with":
                addressees = [k for k in actor_keys(reg, t) if k not in speakers]
                if addressees:
                    break
    # "X said it would impose sanctions", "X agreed to freeze assets": the inner act stands;
    # "X offered to hand over …", "agreed to share information": offering or agreeing to
    # cooperate is the act (CAMEO 03x, express intent), the promised act its content;
    # "vowed to attack": a threat
    if row.act == "STATEMENT" and first_content is not None and first_content.pos_ == "NOUN" \
            and first_content.i in cue_tokens and any(
                c.dep_ == "poss" and set(actor_keys(reg, c)) & set(speakers) for c in first_content.children):
        return []  # "reiterated its demand that …": the demand is the act
    if row.cue in ORDER_VERBS and content_root is not None and content_root.pos_ == "NOUN" \
            and content_root.i in cue_tokens and cue_tokens[content_root.i] != "STATEMENT":
        return []  # "ordered the withdrawal of our ambassador": the order is the act it orders
    if row.act in ("STATEMENT", "AGREE") and content_root is not None and content_root.i in cue_tokens \
            and not _has_other_subject(content_root, speakers, reg) \
            and not (row.act == "AGREE" and cue_tokens[content_root.i] in COOPERATIVE):
        if row.act == "STATEMENT" or row.cue in PROMISSORY:
            doc.user_data.setdefault("kg_own_report", set()).add(content_root.i)
        return []
    # a reporting verb: classify by its content
    if row.act == "STATEMENT" and row.speech and content_tok is not None:
        act, addressees, stance = _classify_report(content_root, speakers, addressees, reg, stance)

    modality = act_modality(tok)
    if modality == "denied" and act in ("AGREE", "CONCEDE", "COOPERATE", "SUPPORT", "AID", "RETREAT") and any(
            c.dep_ == "aux" and c.lower_ in ("will", "would", "can", "could", "'ll", "wo") for c in tok.children):
        act, modality = "REJECT", "asserted"  # "we will not accept this" is a refusal
        cameo = cameo if row.act == "REJECT" else "120"  # ("will not accept more refugees")
        stance = "oppose" if stance == "support" else stance
    elif (act in THREATENABLE | {"RETREAT", "REJECT"}) and modality in ("planned", "hypothetical") and any(
            c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children)
            for v in (tok, tok.head if tok.dep_ in ("xcomp", "ccomp") else tok) for c in v.children):
        # "will withdraw its force unless a ceasefire is arranged", "will boycott the elections
        # unless the president steps down": a conditional act to compel is a threat
        act, cameo, modality = "THREATEN", codes.threat_code(act), "asserted"
    elif act == "AGREE" and row.cue in PROMISSORY and negated and content_root is not None \
            and cue_tokens.get(content_root.i) in COOPERATIVE and any(
                c.dep_ == "neg" and c.i < content_root.i for c in content_root.children):
        act, cameo = "REJECT", "120"  # "vowed not to return the Golan Heights": a refusal
    elif modality == "denied" and act == "REJECT" and any(
            c.dep_ == "aux" and c.lower_ in ("will", "would", "'ll", "wo") for c in tok.children):
        act, cameo, modality = "CONCEDE", "080", "asserted"  # "will not block Russia's entry": it yields
        stance = "support" if stance == "oppose" else stance
    if reported and modality == "asserted":
        modality = "reported"
    cond = ((_condition(content_root) if content_root is not None else None) or _condition(tok)) \
        if act == "THREATEN" else None
    if cond is not None and cond.head.i == tok.i and modality == "hypothetical" and not any(
            c.dep_ == "aux" and c.lower_ in ("may", "might", "could", "would") for c in tok.children):
        modality = "reported" if reported else "asserted"  # "threatened to attack unless …": the threat was made
    if by_thing and act == "THREATEN" and cond is not None:
        addressees = []  # "will withdraw its force from X unless Y …": the threat is to Y
    named_addressees = bool(addressees)  # by the cue's roles, not guessed from the content
    if not addressees and act != "STATEMENT":
        addressees = targets.find(tok, act, content_root, content_tok and _amount_of(content_tok), cond, speakers, reg,
                                  actor_keys)  # ("50 million euros in aid to Ukraine": the aid goes there)
    if not addressees and participle:  # "X named Y the winner, a ruling backed by the AU": X's ruling
        addressees = [k for k in actor_keys(reg, _author(tok.head)) if k not in speakers]
    if act == "THREATEN":  # what a threat is about is its condition, not the threatened measure
        if cond is not None:
            content_tok, negated, stance = _threat_content(cond)
        elif content_tok is not None and content_tok.dep_ == "pobj" and content_tok.head.lower_ in ("for", "over"):
            stance, negated = "oppose", False  # "vowed revenge for the killing": against what it answers
        else:  # a threat with no condition stated is still against its addressee's course
            content_tok, stance = None, "oppose" if addressees else None
    of_amount = content_tok is not None and content_tok.dep_ == "dobj" and _is_amount(content_tok)
    if content_tok is not None:  # "$300 million in aid": what the amount is of
        content_tok = _amount_of(content_tok)
    span = sentence_span(tok)
    issue, flip = (None, False)
    content_is_actor = content_tok is not None and (reg.key_of_token(content_tok) is not None or content_tok.i in reg.multi)
    restated = _restated_clause(content_tok) if content_tok is not None and not content_is_actor else None
    aside = set()
    if restated is not None:  # "…, a ruling backed by X": the clause the ruling restates, without the aside
        aside = {t.i for t in content_tok.subtree} | {t.i for c in restated.children if c.dep_ in SUBJ for t in c.subtree}
        content_tok, again = _unwrap_negation(restated)
        negated = negated != again
    judged = restated if restated is not None else judged
    if judged is not None and not addressees and act in AIMED_AT_AUTHOR:
        author, passive_author = subject_of(judged)  # "…, a move which Z condemned": aimed at who moved
        keys = [] if passive_author else actor_keys(reg, author)
        if author is None and judged.dep_ == "acl" and agent_of(judged) is None and any(
                c.dep_ in ("dobj", "oprd") for c in judged.children):
            keys = [reg.key_of_token(judged.head)]  # "X's commission named Y the winner, a ruling …"
        addressees = [k for k in keys if k and k not in speakers]  # (read as a noun phrase)
    if content_tok is not None and not content_is_actor and not is_money(content_tok):  # ("50 million euros")
        toks = [t for t in _issue_tokens(content_tok, reg) if t.i not in aside]
        topic, compliance = _topic(toks)
        issue, flip = issues(doc, topic or toks)
        if issue is not None and not row.speech and goal is None and issue.rule != "issue.vocabulary" \
                and (_object_of(content_tok, tok) or of_amount and not issue.rule.startswith("issue.action")) \
                and row.act not in STANCE_ACTS:  # ("sent 500 tons of food": the food too; "$500 million in aid": aid)
            issue, flip = None, False  # "froze the assets": the object of a material act is no issue
            content_is_actor = True    # … nor names one elsewhere in the story
        if topic and compliance:
            flip = not flip  # "abide by the principles vis-a-vis X's repatriation": X's act breaches them
    access = access_of(tok, lambda t: reg.key_of_token(t) is not None or t.i in reg.multi)
    if _policy_of(tok):  # "maintained a policy of turning away boats": for what it keeps doing
        toks = [t for t in _issue_tokens(tok, reg) if not any(a.dep_ == "relcl" and a.i != tok.i
                                                                for a in [t, *t.ancestors] if a.i > tok.i)]
        issue, flip = issues(doc, toks)
        if issue is not None and issue.rule != "issue.vocabulary":  # (not "asylum": refugees' protection)
            stance = "oppose" if _lemma(tok.head.head.head) in NEGATING_HEADS else "support"  # "ended its policy of …"
    if access is not None:  # "banned aid groups from the region": against their access to it
        issue, flip, stance = access, False, "oppose"
    # the stance stays even without an issue: a frame of the story may give one later
    # (kg.extract.frames); a statement left without an issue then loses it
    stance_out = stance
    if stance_out is None and act == "MOBILIZE" and issue is not None and content_tok is not None \
            and content_tok.dep_ == "dobj" and not negated:
        stance_out = "support"  # "undertaking freedom of navigation operations": for what it does
    if issue is not None and act == "STATEMENT" and issue_polarity(issue) == "positive" and (
            stance_out is None or cameo == "012" and not flip and not negated):
        # speaking to peace or aid takes its side; to famine or terrorism, none; concern for
        # civil society or human rights ("concerned about the fate of …") is care for them
        stance_out = "support"
    if issue is not None and issue_polarity(issue) == "negative" and act in ("STATEMENT", "REJECT") \
            and (cameo or "").startswith("01") and not negated:
        # declaring a famine or denying it: a claim about what exists is about its recognition
        issue = recognition_of(issue)
        stance_out = "oppose" if act == "REJECT" else "support"
    if stance_out and (negated != flip):
        stance_out = "oppose" if stance_out == "support" else "support"
    head = issue_head_of(content_tok) if content_tok is not None and not content_is_actor else None
    if restated is not None:
        head = restated  # the restated act is what a frame of the story names
    content = token_span(doc, content_tok.left_edge.i, _content_end(content_tok)).text \
        if content_tok is not None else None
    statements = []
    if act == "CONSULT" and cameo == "042" and groups.populace(reg, speakers):
        return []  # "refugees travelled to Germany": people travel; a visit is made by representatives
    if act == "CONSULT" and not addressees and not (_gathering(row) and (h.extra or _several(speakers, speaker_subj, reg))):
        return []  # a visit, a call or a reception needs someone visited, called or received; a meeting, two sides
    if not named_addressees and len(speakers) == 2 and (act in SYMMETRIC or h.tok.lemma_.lower() in MUTUAL_VERBS
                                                        or MUTUAL_NOUNS.intersection(_rest_words(row.cue))) \
            and (not addressees or act in SYMMETRIC and not set(addressees) & set(speakers)):
        pairs = [(a, [b for b in speakers if b != a]) for a in speakers]  # "A and B signed …", "… traded fire"
    else:
        pairs = [(a, addressees or [None]) for a in speakers]
    for sp, ads in pairs:
        for ad in ads:
            if ad == sp:
                ad = None
            statements.append(Statement(
                speaker=sp, act=act, span=span, cue=row.cue, cue_span=Span(tok.idx, tok.idx + len(tok.text)),
                addressee=ad, cameo=cameo, issue=issue, stance=stance_out, modality=modality,
                issue_span=Span(head.idx, head.idx + len(head.text)) if head is not None else None,
                negated_content=negated, content=content,
                content_span=_content_span(content_root) if content_root is not None else None,
                content_head=content_root.idx if content_root is not None else None, source=source,
                date=dates(tok), rule=f"cue:{row.cue}/{row.pos.lower()}" + (civil_rule or ("+report" if act != row.act else ""))))
    if act in COORDINATED_ACTS and content_root is not None and stance is not None:
        statements += _coordinated(doc, reg, statements, content_root, issue, stance, issues)
    return statements


COORDINATED_ACTS = {"REQUEST", "SUPPORT", "ACCUSE", "REJECT", "AGREE"}


def _coordinated(doc, reg, made, content_root, issue, stance, issues) -> list[Statement]:
    """'should release X, allow Y and begin Z': one statement per issue its coordinated
    contents name, each taking the side its own wording gives."""
    out, seen = [], {issue.key} if issue is not None else set()
    for verb in shared_conjuncts(content_root):
        inner, negated = _unwrap_negation(verb)
        got, flip = issues(doc, _issue_tokens(inner, reg))
        if got is None or got.key in seen:
            continue
        seen.add(got.key)
        side = stance if negated == flip else ("oppose" if stance == "support" else "support")
        head = issue_head_of(inner)
        for st in made:
            out.append(replace(st, issue=got, stance=side, negated_content=negated,
                               content=token_span(doc, inner.left_edge.i, inner.right_edge.i + 1).text,
                               content_span=_content_span(verb), content_head=verb.idx,
                               issue_span=Span(head.idx, head.idx + len(head.text)) if head is not None else None,
                               rule=st.rule + "+coordinated"))
    return out


EFFORT_NOUNS = words("effort_nouns")
REASON_PREPS = {"for", "over", "because"}
RESPONSE_NOUNS = words("response_nouns")


def _purpose_or_reason(tok, content_tok, extra=(), reasons=True):
    """What an act is for ('in an effort to free prisoners', '… to help drought victims':
    supported) or against ('for their roles in the deportation …', 'over the crackdown':
    opposed). Returns (token, stance, clause root) or Nones."""
    if tok.pos_ == "NOUN" and tok.dep_ == "dobj" and tok.head.lemma_.lower() in ACT_LIGHT_VERBS:
        tok = tok.head  # "undertook these sanctions to promote X": the light verb carries the purpose
    anchors = [tok] + [c for c in tok.children if c.dep_ == "dobj"] + list(extra)
    for a in anchors:
        for c in a.children:
            if content_tok is not None and c.i == content_tok.i:
                continue
            if c.dep_ == "prep" and c.lower_ == "until":  # "suspended until the return of order"
                pobj = [p for p in c.children if p.dep_ == "pobj"]
                if pobj:
                    return pobj[0], "support", pobj[0]
            if c.dep_ == "advcl" and a is tok and any(m.dep_ == "mark" and m.lower_ in ("until", "till") for m in c.children):
                return c, "support", c  # "suspended until the elected president takes power"
            if c.dep_ == "prep" and c.lower_ in ("in", "as"):
                for p in c.children:
                    if p.dep_ == "pobj" and p.lemma_.lower() in RESPONSE_NOUNS:  # "in protest at X"
                        for x in p.children:
                            if x.dep_ == "prep" and x.lower_ in ("at", "of", "against", "over", "to", "for"):
                                pobj = [y for y in x.children if y.dep_ == "pobj"]
                                if pobj:
                                    return pobj[0], "oppose", pobj[0]
                    if p.dep_ == "pobj" and p.lemma_.lower() in EFFORT_NOUNS:
                        for x in p.children:
                            if x.dep_ in ("acl", "xcomp") and any(y.dep_ == "aux" and y.lower_ == "to" for y in x.children):
                                return x, "support", x
            if c.dep_ in ("advcl", "xcomp") and a is tok and any(y.dep_ == "aux" and y.lower_ == "to" for y in c.children):
                return _purpose(c)
            if reasons and c.dep_ == "prep" and c.lower_ in REASON_PREPS and not c.i < tok.i:
                pobj = sorted((p for p in c.children if p.dep_ in ("pobj", "pcomp") and p.pos_ != "ADP"
                               and p.lemma_.lower() not in GATHERING_NOUNS),  # "recalled for consultations"
                              key=lambda p: p.dep_ != "pobj")  # "because of X": X
                if pobj:
                    return pobj[0], "oppose", pobj[0]
    return None, None, None


def _purpose(verb):
    """What an act is done to bring about: 'to help drought victims' supports helping them;
    a purpose that is itself polar says what it is for or against ('to protest X': X
    opposed, 'to promote X': X supported)."""
    rows = [r for r in load_cues().get(_lemma(verb), ()) if r.pos == "VERB" and not r.is_multiword]
    polarity = next((r.stance or codes.default_stance(r.act) for r in rows), None)
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if polarity == "oppose" and obj is not None:
        return obj, "oppose", verb
    if polarity == "support" and obj is not None and rows[0].act in ("SUPPORT", "REQUEST"):
        return obj, "support", verb  # "to promote accountability"
    return verb, polarity, verb  # "to check the situation": what for, with no side taken


TOPIC_MARKERS = ("vis-a-vis", "vis - a - vis", "vis à vis", "regarding", "concerning", "with regard to",
                 "with respect to", "in relation to", "in connection with", "as regards")
COMPLIANCE = words("compliance")


MARKER_WORDS = tuple(m.split() for m in TOPIC_MARKERS)


def _topic(toks):
    """Words after an explicit topic marker ('vis-a-vis X', 'regarding X'), and whether the
    content before it asks for compliance with norms."""
    words = [t.lower_ for t in toks]
    present = set(words)
    for mw in MARKER_WORDS:
        if mw[0] not in present:
            continue
        for i in range(len(words) - len(mw) + 1):
            if words[i:i + len(mw)] == mw and i + len(mw) < len(toks):
                before = {t.lemma_.lower() for t in toks[:i]}
                return toks[i + len(mw):], bool(before & COMPLIANCE)
    return None, False


LOCATIVE = {"at", "in", "during", "before", "after", "ahead", "within", "since", "until",
            "despite"}  # (what an act is done despite is no part of what it is about)


def _issue_tokens(content_tok, reg):
    """The words of the content that name its issue: without actor names (the 'Human
    Rights' of the Human Rights Council is not an issue) and without place/time phrases."""
    skip = set()
    own = _own_subtree(content_tok)
    for t in own:
        if t.dep_ == "prep" and t.lower_ in LOCATIVE and t.i != content_tok.i:
            skip.update(x.i for x in t.subtree)
        m = reg.mention_at(t.i)
        if m is not None and m.via not in ("actor.group.argument",):
            skip.add(t.i)
    return [t for t in own if t.i not in skip]


def content_role_first(tok, t, row) -> bool:
    """A dobj is the addressee only when another content role follows ('urged China not to
    deport' — dobj addressee, xcomp content); alone it is the content ('urged restraint')."""
    if t.dep_ != "dobj" or "dobj" not in row.content:
        return False
    others = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp") or
              (c.dep_ == "prep" and f"prep:{c.lower_}" in row.content)]
    return not others


def _condition(tok):
    """The 'if …' / 'unless …' clause in or under a content."""
    for t in tok.subtree:
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in t.children):
            return t
    return None


def _is_amount(tok) -> bool:
    """'$1.6 billion', '500 troops': an amount says what, not what for."""
    return tok.ent_type_ in ("MONEY", "CARDINAL", "QUANTITY", "PERCENT") or tok.like_num or is_money(tok)


CURRENCIES = words("currency_nouns")
POLICY_NOUNS = words("policy_nouns")


def _amount_of(tok):
    """What an amount is of ('$300 million in aid', '500 tons of food'), or the token itself."""
    if not _is_amount(tok):
        return tok
    return next((p for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "of")
                 for p in c.children if p.dep_ == "pobj" and p.pos_ == "NOUN"), tok)


def is_money(tok) -> bool:
    """'$500 million', and '50 million euros' the parser may name no MONEY entity."""
    return tok.ent_type_ == "MONEY" or tok.lemma_.lower() in CURRENCIES and any(
        c.like_num or c.ent_type_ in ("CARDINAL", "MONEY") for c in tok.children)


STATE_ORGAN_KINDS = {"ministry", "government", "person"}


def same_side(reg, a, b) -> bool:
    """Whether two actors speak with one voice: the same actor, or a state and its own
    government, ministry or official ('Japan lodged a protest, the Foreign Ministry said')."""
    if a == b:
        return True
    x, y = reg.actors.get(a), reg.actors.get(b)
    if x is None or y is None:
        return False
    for s, o in ((x, y), (y, x)):
        if s.kind == "state" and o.kind in STATE_ORGAN_KINDS and o.country == s.key and \
                (o.kind != "person" or o.post):
            return True
    return False


def _has_other_subject(tok, speakers, reg) -> bool:
    """Whether an embedded act is someone else's: another subject, or a passive
    ('prisoners must be released' is not the speaker's own act)."""
    subj, passive = subject_of(tok)
    if passive or any(c.dep_ == "expl" for c in tok.children):
        return True  # ("there has been fighting": no one's own act)
    if subj is None:
        return False
    keys = actor_keys(reg, subj)
    return bool(keys) and not set(keys) & set(speakers)


def _classify_report(content_tok, speakers, addressees, reg, stance):
    if content_tok.pos_ == "NOUN" and content_tok.lemma_.lower() in NEED_NOUNS:
        return "REQUEST", addressees, "support"  # "reiterated the need for a peaceful relationship"
    if content_tok.pos_ == "NOUN" and content_tok.lemma_.lower() in IMPORTANCE_NOUNS:
        return "STATEMENT", addressees, "support"  # "stressed the importance of dialogue"
    subj = _xcomp_subject(content_tok)
    passive = subj is not None and subj.dep_ == "nsubjpass"
    others = [k for k in actor_keys(reg, subj, create=not passive) if k not in speakers] if subj is not None else []
    aux = {c.lemma_.lower() for c in content_tok.children if c.dep_ in ("aux", "auxpass")}
    if aux & DEONTIC or any(c.lower_ == "to" and c.dep_ == "aux" for c in content_tok.children) and \
            content_tok.head.lemma_ in ("have", "need"):
        # "told Minsk that prisoners must be released": the one told is the addressee
        return "REQUEST", addressees or ([] if passive else others), "support"
    words = {t.lemma_.lower() for t in _own_subtree(content_tok)}
    if words & THREAT_WORDS and words & THREAT_MARKERS:
        return "THREATEN", others or addressees, "oppose"
    if words & NEGATIVE_WORDS:
        if not others or passive:  # "the threat posed by al-Shabab": the agent is accused
            for t in _own_subtree(content_tok):
                if (t.dep_ == "pobj" and t.head.lower_ == "by") or t.dep_ == "poss":
                    others = [k for k in actor_keys(reg, t) if k not in speakers]
                    if others:
                        break
        if others:
            return "ACCUSE", others, "oppose"
    if words & CONDEMNING_WORDS:  # "an election they said was fraudulent": condemned, author or not
        return "ACCUSE", addressees, "oppose"
    return "STATEMENT", addressees, stance


def _dedupe(statements):
    """One statement per act: the same speaker doing the same act to the same addressee
    about the same issue in one sentence ("agreed to freeze the assets and extend a travel
    ban") is one statement, the first."""
    seen, out = set(), []
    for s in statements:
        k = (s.speaker, s.act, s.addressee, s.span, s.issue.key if s.issue else None, s.modality)
        if k not in seen:
            seen.add(k)
            out.append(s)
    return out


def with_quotes(doc, reg, statements, quotes) -> list[Statement]:
    """Statements and the quotations they report.

    A reporting statement covers its whole quotation (which may span sentences) and takes
    its act from the first quoted sentence that is more than a plain assertion; a material
    act told inside someone else's quotation is that speaker's claim, not an act."""
    out = []
    for st in statements:
        inside = [q for q in quotes if q.span.start <= st.cue_span.start < q.span.end]
        if inside and not any(q.speaker == st.speaker for q in inside) and st.act not in ("STATEMENT",) \
                and not load_cues_speech(st):
            continue
        out.append(st)
    for st in out:
        if st.quote is None:
            continue
        q = quotes[st.quote]
        st.span = Span(min(st.span.start, q.span.start), max(st.span.end, q.span.end))
        if st.act != "STATEMENT":
            continue
        for sent in sentences(doc):
            if sent.start_char >= q.span.end or sent.end_char <= q.span.start:
                continue
            root = sent.root
            if not (q.span.start <= root.idx < q.span.end):
                continue
            act, addressees, stance = _classify_report(root, [st.speaker], [], reg, st.stance)
            if act != "STATEMENT":
                st.act, st.stance = act, stance
                st.addressee = addressees[0] if addressees and addressees[0] != st.speaker else st.addressee
                st.rule += "+quote"
                break
    return out


def load_cues_speech(st) -> bool:
    rows = load_cues().get(st.cue.split()[0]) or []
    return any(r.speech for r in rows if r.cue == st.cue)
