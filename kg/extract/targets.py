"""Targets: whom an act is aimed at (PLOVER's target, kg's addressee) when no role of its
cue names an actor. The rules follow the grammar of the act's content, in this order:

0. an act done to someone is aimed at its object ("tortured scores of refugees") or at the
   state it is done in ("lifted the curfew in Montenegro");
1. a request whose content is a clause asks its subject: "demanded that the US cancel …",
   "its demand that Israel ease …"; so does one for someone's going: "demanded the
   resignation of the prime minister", "the withdrawal of Russian troops";
2. a content noun names its author or counterpart: the possessor ("welcomed Reagan's
   statement"), a name or nationality before it ("rejected an Indian proposal", "a UN
   resolution"), or "from / by / with / to / against X" ("an appeal from the president",
   "a truce with government forces", "admittance to refugees"); for criticism and force
   only its author ("from / by X": the convoy of "condemned the attack on a convoy" is a victim);
3. a threat is aimed at whoever must meet its condition: "… unless Baghdad accepts";
4. a content clause names its object: "promised to continue aid to Mozambique",
   "threatened to ban opposition candidates", "refused to deploy troops in Iraq" (a state),
   "offered to mediate between Ethiopia and Sudan" (both);
5. a conflictual act is aimed at what it is "against", anywhere under it: "mobilized
   reservists for a war against Iraq", and at the author of what it defies: "refused to resign
   despite pressure from the opposition";
6. a visit to a capital is a visit to its state's government: "visited Beijing", "travelled
   to Moscow" (not the visitor's own state: "returned to Tokyo");
7. an act done in a place is aimed at the state it lies in ("suspended its programme in
   Kabul"), and so is a protest held there ("protested against the fee rise in Santiago");
8. an act named as what angered someone is aimed at them ("the seizure of two boats by the
   navy angered Lima").

Each rule returns actor keys other than the speakers; the first that finds one wins.
"""
from __future__ import annotations

from kg.extract import groups
from kg.extract.data import words
from kg.extract.gazetteer import load_gazetteer

NOUN_PREPS = ("from", "by", "with", "to", "against", "on")
AUTHOR_PREPS = ("from", "by")  # "condemned the attack on the convoy": the convoy is no target
OWNER_PREPS = ("of",)  # "the homes of Syrian villagers": whose the thing is
CRITICAL = {"ACCUSE", "PROTEST", "THREATEN", "SANCTION", "COERCE", "ASSAULT"}
CLAUSE_PREPS = ("to", "with", "against", "on", "from", "at", "between")
OBJECTIONS = {"ACCUSE", "PROTEST", "REJECT"}  # sides taken against an act, not against its victim
CONFLICT = {"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
SUBJ = ("nsubj", "nsubjpass")
ENVOYS = words("envoy_objects")
VISIT_NOUNS = words("visit_nouns")
FACILITIES = words("facility_nouns")
VEHICLES = words("vehicle_nouns")
MATERIAL = {"CONCEDE", "RETREAT", "COERCE", "SANCTION", "ASSAULT", "MOBILIZE", "AID"}
DONE_TO = {"ASSAULT", "COERCE", "SANCTION", "CONCEDE"}  # their object is who they are done to
DEFIED = words("defied_nouns")
AFFECTING = words("affecting_verbs")
DEPARTURES = words("departure_nouns")
RELEASE_VERBS = words("release_verbs")  # and so is the object of a release: "freed two hostages"


def find(tok, act: str, content_root, content_tok, condition, speakers, reg, actor_keys) -> list[str]:
    """``actor_keys(reg, token, create=False)`` resolves a token to actor keys."""
    def keep(keys):
        return [k for k in keys if k and k not in speakers]

    content = content_tok if content_tok is not None else content_root
    if act in DONE_TO and tok.pos_ == "NOUN":  # "the recall of its ambassador to Washington"
        for p in (p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children):
            if p.dep_ == "pobj" and p.lemma_.lower() in ENVOYS and (
                    got := keep(_posted_in(reg, p, actor_keys) or _posted_in(reg, tok, actor_keys))):
                return got
    if (act in DONE_TO or tok.lemma_.lower() in RELEASE_VERBS) and tok.pos_ in ("VERB", "AUX"):
        # an act done to someone: its object ("tortured scores of refugees"), or the state it is
        # done in ("lifted the curfew in Montenegro")
        for c in tok.children:
            if c.dep_ == "dobj" and c.lemma_.lower() in ENVOYS:  # "recalled their envoys in the Syrian capital"
                return keep(_posted_in(reg, c, actor_keys) or _posted_in(reg, tok, actor_keys))
            if c.dep_ == "dobj" and (got := keep(actor_keys(reg, c, create=True, patient=True)
                                                 or occupants(c, reg, actor_keys))):
                return got
        for c in tok.children:  # "engaged in ethnic cleansing against the Albanian population"
            if c.dep_ == "prep" and c.lower_ == "against":
                for p in c.children:
                    if p.dep_ == "pobj" and (got := keep(actor_keys(reg, p, create=True))):
                        return got
        for c in (c for h in [tok, *(o for o in tok.children if o.dep_ == "dobj")] for c in h.children):
            if c.dep_ == "prep" and c.lower_ == "in":  # ("suspended aid deliveries in Kabul")
                for p in c.children:
                    if p.dep_ == "pobj" and (got := keep(state_in(p, reg, actor_keys))):
                        return got
    if act == "REQUEST":  # "demanded that its partners refuse to …": the subject of the demanded clause
        for clause in dict.fromkeys(x for x in (content_root, content) if x is not None):
            for c in clause.children:
                if c.dep_ in SUBJ and (got := keep(actor_keys(reg, c, create=c.dep_ == "nsubj"))):
                    return got
                if c.dep_ == "prep" and c.lower_ == "of" and clause.lemma_.lower() in DEPARTURES and (
                        got := keep([k for p in c.children if p.dep_ == "pobj" for k in actor_keys(reg, p, create=True)])):
                    return got  # "demanded the resignation of the prime minister": who is to go
    if act == "THREATEN" and condition is not None:
        for c in condition.children:
            if c.dep_ == "nsubj" and (got := keep(actor_keys(reg, c))):
                return got
    if act == "THREATEN" and content_root is not None:  # "warning that he would face sanctions"
        for c in content_root.children:
            if c.dep_ == "nsubj" and (got := keep(actor_keys(reg, c))):
                return got
    if content is not None and content.pos_ in ("NOUN", "PROPN"):
        got = keep(of_noun(content, reg, actor_keys, AUTHOR_PREPS if act in CRITICAL else NOUN_PREPS,
                           locative=act in MATERIAL))
        if got:
            return got
    if content is not None and content.pos_ in ("VERB", "AUX"):
        got = keep(_of_clause(content, reg, actor_keys, locative=act not in ("CONSULT", "STATEMENT", "SUPPORT")))
        if got:
            return got
    if act in CONFLICT:
        scope = tok.head if tok.pos_ == "NOUN" and tok.dep_ == "dobj" and tok.head.pos_ in ("VERB", "AUX") else tok
        for t in scope.subtree:  # ("began a hunger strike to protest against X": the strike's clause)
            if t.dep_ == "pobj" and t.head.lower_ in ("against", "of") and t.head.head.lemma_.lower() == "defiance" \
                    and (got := keep(actor_keys(reg, t, create=True))):
                return got  # "in defiance of the authorities"
            if t.dep_ == "pobj" and _despite(t.head) and t.lemma_.lower() in DEFIED and (
                    got := keep(of_noun(t, reg, actor_keys, AUTHOR_PREPS))):
                return got  # "refused to resign despite pressure from the opposition"
            if t.dep_ == "pobj" and t.head.lower_ == "against" and not (
                    act in OBJECTIONS and content is not None and content.pos_ == "NOUN" and t.head.head.i == content.i) \
                    and (got := keep(
                    actor_keys(reg, t, create=True) or occupants(t, reg, actor_keys) or of_noun(t, reg, actor_keys, OWNER_PREPS))):
                return got  # "fire against guerrilla camps": the guerrillas; "against Sweden's decision": Sweden
                # (but "condemned the sanctions against Iran" objects to who imposed them, not to Iran)
    if act in DONE_TO and tok.pos_ in ("VERB", "AUX"):  # "hacked into the computers of army officers"
        objs = [c for c in tok.children if c.dep_ == "dobj"]
        aimed = [a for o in objs for a in o.children if a.dep_ == "acl" and a.tag_ == "VBN"]  # "rounds aimed at X"
        hit = [p for h in [tok, *objs, *aimed] for c in h.children if c.dep_ == "prep" and c.lower_ in (
            "into", "on", "at") for p in c.children if p.dep_ == "pobj"]  # "fired shells at the positions of X"
        for t in objs + hit:
            if (got := keep(of_noun(t, reg, actor_keys, OWNER_PREPS))):  # whose it is
                return got
        for t in hit:  # "fired shells at a border post in X", "fired rockets at Kabul": the state it is in
            if (got := keep(of_noun(t, reg, actor_keys, (), locative=True) or state_in(t, reg, actor_keys))):
                return got
    if act == "PROTEST":  # "students protested against the fee rise in Santiago": the state they protest in
        heads = {tok.i, content.i if content is not None else -1}
        heads |= {c.i for c in tok.children if c.dep_ == "dobj"}
        heads |= {p.i for c in tok.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"}
        for t in tok.subtree:
            if t.dep_ == "pobj" and t.head.lower_ == "in" and t.head.head.i in heads and (
                    got := keep(state_in(t, reg, actor_keys))):
                return got
    if act == "CONSULT":
        own = {reg.actors[k].country or k for k in speakers if k in reg.actors}
        got = [k for k in _host_state(tok, reg) if k not in own]
        if got:
            return keep(got)
    if act in MATERIAL and tok.pos_ == "NOUN" and tok.dep_ == "nsubj" and tok.head.lemma_.lower() in AFFECTING:
        for c in tok.head.children:  # "the seizure of two boats by the navy angered Lima": Peru
            if c.dep_ == "dobj" and (got := keep(actor_keys(reg, c))):
                return got
    return []


def _despite(prep) -> bool:
    """'despite X', 'in spite of X'."""
    return prep.lower_ == "despite" or prep.lower_ == "of" and prep.head.lower_ == "spite"


def occupants(place, reg, actor_keys) -> list[str]:
    """Whom a place named by a facility noun holds: 'rebel positions', 'guerrilla camps', 'a camp
    for Congolese refugees', 'the militants' hideout', 'the headquarters of the party'; whom a
    vehicle carries: 'boats of migrants', 'a ship carrying refugees'."""
    lemma = place.lemma_.lower()
    if lemma in VEHICLES:
        for c in place.children:
            if c.dep_ == "acl" and c.tag_ == "VBG":  # "a boat carrying 80 migrants"
                for o in c.children:
                    if o.dep_ == "dobj" and (got := actor_keys(reg, o, create=True)):
                        return got
    elif lemma not in FACILITIES:
        return []
    for c in place.children:
        if c.dep_ == "poss" and (got := actor_keys(reg, c, create=True)):
            return got
    for c in place.children:
        if c.dep_ == "prep" and c.lower_ in ("for", "of"):
            for p in c.children:
                if p.dep_ == "pobj" and (got := actor_keys(reg, p, create=True)):
                    return got
    for c in place.children:
        if c.dep_ in ("compound", "amod") and c.i < place.i:
            got = actor_keys(reg, c) or ([g] if (g := groups.group_for(reg, [c], singular=True)) else [])
            if got:
                return got
    return []


def _host_state(tok, reg) -> list[str]:
    """The state whose capital a visit goes to: the object of the verb or noun, or "to X"."""
    anchors = [tok] + [c for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() in VISIT_NOUNS]
    for c in (c for a in anchors for c in a.children):  # "visited Beijing", "made a trip to Moscow"
        places = [c] if c.dep_ == "dobj" else [p for p in c.children if p.dep_ == "pobj"] \
            if c.dep_ == "prep" and c.lower_ == "to" else []
        for p in places:
            if reg.key_of_token(p) is None and p.i in reg.places and (state := demonym_state(reg, p)):
                return state
    return []


def of_noun(noun, reg, actor_keys, preps=NOUN_PREPS, locative=False) -> list[str]:
    """The author or counterpart a noun names (its possessor, a name or nationality before it,
    the object of one of ``preps``); not the noun's own actor ("its ambassador from Somalia":
    Somalia)."""
    own = set(actor_keys(reg, noun))

    def other(keys):
        return [k for k in keys if k not in own]

    for c in noun.children:
        if c.dep_ == "poss":
            got = other(actor_keys(reg, c, create=True))
            if got:
                return got
    for c in noun.children:
        if c.dep_ in ("compound", "amod", "nmod") and c.i < noun.i:
            got = other(actor_keys(reg, c) or demonym_state(reg, c))
            if got:
                return got
    for c in noun.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in preps:
            for p in c.children:
                if p.dep_ == "pobj" and (got := other(actor_keys(reg, p, create=True))):
                    return got
    for c in noun.children:  # "the demonstration staged by students": the participle's agent
        if c.dep_ == "acl" and c.tag_ == "VBN":
            for a in c.children:
                if a.dep_ == "agent":
                    for p in a.children:
                        if p.dep_ == "pobj" and (got := other(actor_keys(reg, p, create=True))):
                            return got
    for c in noun.children if locative else ():  # "lifted a curfew in Montenegro": where it was imposed
        if c.dep_ == "prep" and c.lower_ == "in":
            for p in c.children:
                if p.dep_ == "pobj" and (got := other(state_in(p, reg, actor_keys))):
                    return got
    return []


def state_in(place, reg, actor_keys) -> list[str]:
    """The state a place names ('in Montenegro') or lies in ('in Baghdad': Iraq), or none."""
    keys = actor_keys(reg, place)
    if keys:
        return keys if all(reg.actors[k].kind == "state" for k in keys) else []
    return demonym_state(reg, place)


def _of_clause(verb, reg, actor_keys, locative=True) -> list[str]:
    """A recipient or opponent first ("deploy troops in Iraq", "send aid to X"), then the
    object ("ban opposition candidates"), then whose the object is ("block Sweden's bid")."""
    objs = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    for head in [verb, *objs]:
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in CLAUSE_PREPS + (("in",) if locative else ()):
                for p in c.children:
                    if p.dep_ != "pobj":
                        continue
                    got = actor_keys(reg, p, create=True) if c.lower_ != "in" else state_in(p, reg, actor_keys)
                    if got:
                        return got
    for o in sorted(objs, key=lambda o: o.dep_ != "dative"):
        got = actor_keys(reg, o, create=True)
        if got:
            return got
    for o in objs:  # "threatened to block Sweden's bid": whose bid it is
        got = of_noun(o, reg, actor_keys, ())
        if got:
            return got
    return []


def _posted_in(reg, envoy, actor_keys) -> list[str]:
    """The state an envoy is posted to: 'their envoys in the Syrian capital', 'its ambassador to
    Mexico', 'our ambassador from Caracas'."""
    own = set(actor_keys(reg, envoy))  # "its ambassador to Washington" may be one mention
    for c in envoy.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "to", "at", "from"):
            for p in c.children:
                if p.dep_ != "pobj":
                    continue
                got = [k for k in actor_keys(reg, p) if k not in own]
                if got:
                    return got
                for x in [p, *p.children]:  # "the Syrian capital"
                    if (state := demonym_state(reg, x, own)):
                        return state
    return []


def demonym_state(reg, tok, within=()) -> list[str]:
    """The state a nationality adjective names ("an Indian proposal"), as an actor; a mention
    of one of ``within`` around it does not hide it ("its ambassador to Washington")."""
    iso = reg.country_hint.get(tok.i)
    m = reg.mention_at(tok.i)
    if iso is None or (m is not None and m.key != iso and m.key not in within):
        return []
    entry = load_gazetteer().entries.get(iso)
    if entry is None or entry.kind != "state":
        return []
    reg.from_entry(entry, rule="actor.demonym")
    if m is None or m.key in within:
        reg.add_mention(tok.i, tok.i + 1, iso, "gazetteer.demonym.target")
    return [iso]
