"""Persons: named people with their posts ("AU Commission Chairman Jean Ping"), post
descriptions without a name ("The U.N. Special Rapporteur on …", "a senior official at the
South Korean Foreign Ministry"), and the links between them (surname → full name, a post
introduced first and named later, "the U.N. official" → the UN person in focus)."""
from __future__ import annotations

from functools import lru_cache

from kg.extract import organs, places
from kg.extract.data import words
from kg.extract.gazetteer import normalise
from kg.extract.parse import entities, span as token_span, tokens
from kg.extract.registry import sentence_of
from kg.slug import slug

HONORIFICS = {"mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "dr", "sir", "madam", "dame", "lord"}
GENERIC_HEADS = {"official", "officials", "diplomat", "diplomats", "chief", "head", "leader",
                 "leaders", "source", "sources", "representative"}
ORG_KINDS = {"igo", "igo_body", "ministry", "organization", "government", "party", "armed_group"}


def _post_at(doc, i, gaz):
    """Longest post title ending at token i: (start, title, info) or None."""
    best = None
    toks = tokens(doc)
    words = toks[i].lower_
    last = normalise(words).split()
    if last and last[-1] not in _post_ends(gaz):
        # normalising a title keeps its last token's last word (when it has one); a member
        # of a state organ ("judge", "police officer") is a post too
        return organs.member_title(doc, i)
    for s in range(i, max(i - 4, -1), -1):  # titles of one to four words
        if s < i:
            words = toks[s].lower_ + " " + words
        info = _post(gaz, words)
        if info is not None:
            best = (s, token_span(doc, s, i + 1).text, info)
    return best


@lru_cache(maxsize=65536)
def _post(gaz, words: str):
    return gaz.post(words)


@lru_cache(maxsize=4)
def _post_ends(gaz) -> frozenset:
    """The last words of the post titles, as normalised."""
    return frozenset(title.split()[-1] for title in gaz.posts if title.split())


def _org_in(reg, tokens):
    for t in tokens:
        k = reg.at(t.i)
        if k and reg.actors[k].kind in ORG_KINDS:
            return k
    return None


def _country_in(reg, tokens):
    for t in tokens:
        if t.i in reg.country_hint:
            return reg.country_hint[t.i]
    return None


def _state_in_place(reg, gaz, tok):
    """'officials in Tokyo', 'officials in Japan': the state that the 'in' phrase names, or whose
    capital it names; not a city that seats an international body ('officials in Brussels' may be
    the EU's)."""
    for prep in tok.rights:
        if prep.dep_ != "prep" or prep.lower_ != "in":
            continue
        for obj in prep.children:
            place = " ".join(t.lower_ for t in obj.subtree)
            if obj.dep_ == "pobj" and place not in words("igo_seat_cities") \
                    and not any(m.via == "seat" for m in gaz.lookup(place)):
                return _country_in(reg, list(obj.subtree))
    return None


def _title_tokens(ent):
    """Left modifiers of a name that form its title: 'AU Commission Chairman' in
    'AU Commission Chairman Jean Ping'."""
    doc = tokens(ent.doc)
    i = ent.start - 1
    toks = []
    while i >= 0 and (doc[i].head.i in range(ent.start, ent.end) or doc[i].head.i in {t.i for t in toks}):
        if doc[i].dep_ in ("det", "punct", "poss", "case") or doc[i].is_space:
            break
        toks.insert(0, doc[i])
        i -= 1
    return toks


def find(doc, reg, gaz) -> None:
    _named(doc, reg, gaz)
    _surnames_first(reg)
    _surnames(doc, reg)
    descriptions = _descriptions(doc, reg, gaz)
    _link_descriptions(doc, reg, descriptions)


def _person_key_for(reg, text: str) -> str | None:
    """An existing person whose name ends with ``text`` (surname reference)."""
    words = [w for w in text.replace("’", "'").split() if w.lower() not in HONORIFICS]
    if not words:
        return None
    loose = []
    for a in reg.actors.values():
        if a.kind != "person" or a.anonymous:
            continue
        for name in [a.label] + a.names:
            nw = name.replace("\u2011", "-").split()
            if len(nw) > len(words) and nw[-len(words):] == words:
                return a.key
            if len(words) == 1 and len(nw) > 1 and words[0] in nw:  # "Ban" for Ban Ki-moon
                loose.append(a.key)
            elif len(words) == 1 and len(nw) > 1 and nw[-1].split("-")[-1] == words[0] \
                    and nw[-1].split("-")[0].lower() in ("al", "el", "ad", "as", "ash", "at", "az", "an", "ar"):
                loose.append(a.key)  # "Assad" for Bashar al-Assad
    loose = sorted(set(loose))
    return loose[0] if len(loose) == 1 else None


def _person_spans(doc):
    """PERSON entities, with adjacent ones joined ('Abd Rabbo' + 'Mansour Hadi')."""
    spans = [e for e in entities(doc) if e.label_ == "PERSON"]
    out = []
    for e in spans:
        if out and out[-1].end == e.start:
            out[-1] = token_span(doc, out[-1].start, e.end)
        else:
            out.append(e)
    return out


def _named(doc, reg, gaz) -> None:
    words = tokens(doc)
    for ent in _person_spans(doc):
        toks = [t for t in ent if not t.is_space and t.text not in ("'s", "’s")]
        if not toks or any(t.i in reg.by_token for t in toks):
            continue
        s, e = toks[0].i, toks[-1].i + 1
        if words[s].lower_ in HONORIFICS:
            s += 1
        name = token_span(doc, s, e)
        text = name.text
        if not text[:1].isupper() or places.is_place(doc, reg, s, e):
            continue  # "Plaza Altamira", a name the article uses as a place
        key = _person_key_for(reg, text) or "p-" + slug(text)
        title = _title_tokens(name)
        post = org = country = None
        if title:
            found = _post_at(doc, title[-1].i, gaz)
            if found:
                post = token_span(doc, title[0].i, title[-1].i + 1).text
                org = _org_in(reg, title)
                country = _country_in(reg, title)
        a = reg.ensure(key, label=text, kind="person", post=post, affiliation=org, country=country,
                       rule="actor.ner.person")
        a.country = a.country or (reg.actors[org].country if org and org in reg.actors else None)
        head = name.root.head
        if post is None and name.root.dep_ == "appos" and head.i < s and _post_at(doc, head.i, gaz):
            # "China's Foreign Ministry spokesman Hong Lei": the post is the noun the name stands beside
            left = [t for t in words[head.left_edge.i:head.i + 1] if t.dep_ not in ("det", "case", "punct")]
            post = " ".join(t.text for t in left if t.dep_ != "poss")
            org = _org_in(reg, left)
            country = _country_in(reg, left)
            a = reg.ensure(key, label=text, kind="person", post=post, affiliation=org, country=country,
                           rule="actor.ner.person")
            a.country = a.country or (reg.actors[org].country if org and org in reg.actors else None)
        if post is None and name.root.dep_ == "appos" and head.i < s and head.pos_ == "NOUN":
            # "a member of the Syrian parliament, Mohammed Mamoun": a role in a body
            body = [t for c in head.rights if c.dep_ == "prep" and c.lower_ in ("of", "for", "at")
                    for t in c.subtree]
            org = _org_in(reg, body)
            if org is not None:
                post = token_span(doc, head.i, body[-1].i + 1).text
                a = reg.ensure(key, label=text, kind="person", post=post, affiliation=org,
                               country=reg.actors[org].country, rule="actor.ner.person")
        if post is None and e + 1 < len(words) and words[e].text == ",":
            # "Antony J. Blinken, Secretary of State" / "X, the U.N. special rapporteur,"
            j = e + 1
            while j < len(words) and j < e + 8 and words[j].text not in (",", ".", ";") and not words[j].is_space:
                j += 1
            found = _post_at(doc, j - 1, gaz)
            if found and found[0] >= e + 1 and all(not words[x].is_space for x in range(e, j)):
                post = token_span(doc, e + 1, j).text
                if post.lower().startswith("the "):
                    post = post[4:]
                org = _org_in(reg, words[e + 1:j])
                a = reg.ensure(key, label=text, kind="person", rule="actor.ner.person")
                a.post = a.post or post
                a.affiliation = a.affiliation or org
        start = title[0].i if title else s
        reg.add_mention(start, e, key, "actor.person", head=e - 1)
        if title:
            a.add_name(token_span(doc, start, e).text)


def _surnames_first(reg) -> None:
    """A surname told before the full name ("Mugabe rejects talks" over a story of "President
    Robert Mugabe") is that person, when one person of the story has that surname."""
    for key, a in list(reg.actors.items()):
        if a.kind != "person" or a.anonymous or len(a.label.split()) != 1 or a.rule != "actor.ner.person":
            continue
        full = [k for k, b in reg.actors.items() if k != key and b.kind == "person" and not b.anonymous
                and len(b.label.split()) > 1 and b.label.split()[-1] == a.label]
        if len(full) == 1:
            reg.merge(full[0], key)


def _surnames(doc, reg) -> None:
    """Bare surnames the entity recogniser missed: 'Darusman said …' after 'Marzuki Darusman'."""
    surnames = {}
    for a in reg.actors.values():
        if a.kind == "person" and not a.anonymous and len(a.label.split()) > 1:
            surnames.setdefault(a.label.split()[-1], a.key)
    for tok in tokens(doc):
        key = surnames.get(tok.text)
        if key and tok.i not in reg.by_token and tok.pos_ == "PROPN":
            start = tok.i - 1 if tok.i > 0 and tokens(doc)[tok.i - 1].lower_ in HONORIFICS else tok.i
            reg.add_mention(start, tok.i + 1, key, "actor.surname", head=tok.i)


def _description_extent(tok):
    start = tok.left_edge.i
    end = tok.i + 1
    for child in tok.rights:
        if child.dep_ == "prep" and any(o.dep_ == "pobj" and o.ent_type_ in ("DATE", "TIME")
                                        for o in child.children):
            break  # "the ambassador on Tuesday": when, not who (nor what follows it)
        if child.dep_ == "prep" and child.lower_ in ("on", "of", "for", "at", "to", "in"):
            end = child.right_edge.i + 1
    return start, end


def _descriptions(doc, reg, gaz) -> list[tuple[str, int, bool, bool]]:
    """Persons and groups described by a post: (key, token index, definite, generic)."""
    out = []
    toks = tokens(doc)
    for tok in toks:
        if tok.pos_ not in ("NOUN", "PROPN") or tok.i in reg.by_token:
            continue
        if tok.dep_ in ("compound", "nmod", "amod") and tok.head.i in reg.by_token:
            continue
        found = _post_at(doc, tok.i, gaz)
        if not found and tok.lower_ not in GENERIC_HEADS:
            continue
        nxt = reg.mention_at(tok.i + 1) if tok.i + 1 < len(toks) else None
        if found and nxt and reg.actors[nxt.key].kind == "person":
            continue  # "Secretary of State Hillary Clinton": a title, not a description
        start, end = _description_extent(tok)
        if found:
            start = min(start, found[0])
        dets = [t for t in toks[start:tok.i] if t.dep_ == "det"]
        indefinite = bool(dets) and dets[0].lower_ in ("a", "an", "another", "one")
        plural = tok.tag_ in ("NNS", "NNPS")
        inner = toks[start:end]
        org = _org_in(reg, inner)
        country = _country_in(reg, toks[start:tok.i])  # "South Korean official"; not the
        # subject of a mandate ("rapporteur on … in North Korea"), but "representative of X"
        if country is None and found and found[2].speaks_for == "state":
            for c in tok.rights:
                if c.dep_ == "prep" and c.lower_ == "of":
                    country = _country_in(reg, list(c.subtree))
        if org and not country:
            country = reg.actors[org].country
        if country is None and not org and tok.lower_ in words("officials_in_place"):
            country = _state_in_place(reg, gaz, tok)
        while start < tok.i and (toks[start].is_punct or toks[start].is_space):
            start += 1
        text = token_span(doc, start, end).text
        label = text[4:] if text.lower().startswith("the ") else text
        generic = tok.lower_ in GENERIC_HEADS
        if not found and not org and not country:
            continue  # "officials" alone says too little
        if plural:
            key = "g-" + slug(label)
            reg.ensure(key, label=label, kind="group", country=country, affiliation=org,
                       rule="actor.description.group")
        else:
            key = ("anon-" if indefinite else "d-") + slug(label) + (f"-{tok.i}" if indefinite else "")
            reg.ensure(key, label=label, kind="person", country=country, affiliation=org,
                       post=found[1] if found else tok.text, anonymous=indefinite,
                       rule="actor.description")
        reg.add_mention(start, end, key, "actor.description", head=tok.i)
        out.append((key, tok.i, not indefinite, generic))
    return out


def _sentence_index(doc):
    return sentence_of(doc)


def _same_post(d, a) -> bool:
    """Whether a named person can hold a description's post: every word of the post in theirs
    ('the foreign minister' is no prime minister), in the same country when both are known."""
    if d.country and a.country and d.country != a.country:
        return False
    theirs = set(a.post.lower().replace("-", " ").split())
    return set(d.post.lower().replace("-", " ").split()) <= theirs


def _link_descriptions(doc, reg, descriptions) -> None:
    sent = _sentence_index(doc)
    named = [a for a in reg.actors.values() if a.kind == "person" and not a.anonymous
             and not a.rule.startswith("actor.description")]
    first_at = {a.key: min(m.start for m in reg.mentions if m.key == a.key) for a in named}
    first_desc = {}
    for key, i, _, _ in descriptions:
        first_desc[key] = min(i, first_desc.get(key, i))
    seen = set()
    for key, i, definite, generic in sorted(descriptions, key=lambda d: d[3]):  # specific posts first
        if key in seen:
            continue
        seen.add(key)
        i = first_desc[key]
        d = reg.actors.get(key)
        if d is None or d.kind != "person" or not definite:
            continue
        target = None
        # 0. "the minister" after "Brazil's foreign minister": an earlier description, same head
        head_word = (d.post or "").lower().split()[-1:] 
        earlier = [a for a in reg.actors.values() if a.key != key and a.kind == "person" and a.post
                   and a.rule.startswith("actor.description") and head_word
                   and a.post.lower().split()[-1:] == head_word
                   and min((m.start for m in reg.mentions if m.key == a.key), default=10**9) < i]
        if earlier and not generic and len(d.label.split()) <= 2:
            target = max(earlier, key=lambda a: min(m.start for m in reg.mentions if m.key == a.key)).key
        # 1. a named person holding the same post
        head = d.post.lower().split()[-1] if d.post else ""
        for a in named:
            if target is None and a.post and head and _same_post(d, a) and not generic:
                target = a.key
                break
        # 2. a post introduced first and named within the next two sentences
        if target is None and not generic:
            later = [a for a in named if not a.post and first_at[a.key] > i
                     and sent.get(first_at[a.key], 99) - sent.get(i, 0) <= 2]
            if later:
                target = min(later, key=lambda a: first_at[a.key]).key
        # 3. a generic description ("the U.N. official") → the person of that organisation in focus
        if target is None and generic and (d.affiliation or d.country):
            cands = [a for a in reg.actors.values() if a.kind == "person" and a.key != key
                     and not a.anonymous and (d.affiliation is None or _same_org(reg, a, d))
                     and (d.country is None or a.country in (None, d.country))
                     and (d.affiliation is not None or a.country == d.country)]
            if cands:
                target = max(cands, key=lambda a: len(a.mentions)).key
        if target and target in reg.actors:
            t = reg.actors[target]
            t.post = t.post or d.post
            t.affiliation = t.affiliation or d.affiliation
            reg.merge(target, key)


def _same_org(reg, a, d) -> bool:
    if a.affiliation == d.affiliation:
        return True
    pa = reg.actors.get(a.affiliation or "")
    return bool(pa and pa.affiliation == d.affiliation)
