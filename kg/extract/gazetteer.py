"""The gazetteer: states, intergovernmental organisations, news agencies, persons and posts
read from the TSV files in ``kg/data/gazetteer/`` (see the README there).

Standard library only (no spaCy, no rdflib): it is data, loaded once and cached.

>>> gaz = load_gazetteer()
>>> [(m.entry.key, m.via) for m in gaz.lookup("Seoul")]
[('KOR', 'capital')]
>>> gaz.lookup("who"), [m.entry.key for m in gaz.lookup("WHO")]
([], ['WHO'])
>>> gaz.post("Foreign Minister").role
'foreign_minister'

Surface forms are compared after normalisation (``normalise``): case-folded (except
abbreviations, which keep their case), accents removed, a leading "the" and a trailing
possessive dropped, curly/backtick apostrophes made straight, every hyphen or dash
(including the non-breaking hyphen U+2011) and comma read as a space, full stops removed
("U.N." = "UN"), "&" read as "and".
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from kg.errors import ConfigError

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "gazetteer"

GROUP_KINDS = ("armed_group", "party", "government", "organization", "group")
FILES = ("states.tsv", "igos.tsv", "news_agencies.tsv", "armed_groups.tsv", "ngos.tsv", "state_organs.tsv",
         "persons.tsv", "posts.tsv")
# the organs of a state that kg/data/gazetteer/organs.tsv defines (a named organ may have none:
# a chamber of a legislature, one of several intelligence services)
ORGANS = ("military", "navy", "air_force", "police", "judiciary", "legislature", "intelligence")

VIAS = ("name", "abbrev", "capital", "seat", "demonym", "epithet", "context_epithet", "generic")
# the order in which readings of the same entry are preferred (lower wins)
VIA_PRIORITY = {v: i for i, v in enumerate(
    ("name", "abbrev", "seat", "capital", "epithet", "demonym", "context_epithet", "generic"))}

ROLES = ("head_of_state", "head_of_government", "foreign_minister", "minister", "spokesperson",
         "diplomat", "envoy", "igo_head", "igo_official", "official", "legislator", "military",
         "monarch", "rapporteur")
SPEAKS_FOR = ("state", "organization")
IGO_KINDS = ("igo", "igo_body")

_ISO3 = re.compile(r"^[A-Z]{3}$")
_QID = re.compile(r"^Q\d+$")
_KEY = re.compile(r"^[A-Z][A-Z0-9_]*$")

COLUMNS = {
    "states.tsv": ("iso3", "qid", "label", "names", "abbrevs", "demonyms", "capitals", "seats",
                   "epithets", "context_epithets", "region"),
    "igos.tsv": ("key", "kind", "qid", "label", "names", "abbrevs", "parent", "generic"),
    "news_agencies.tsv": ("key", "qid", "label", "names", "abbrevs", "country", "state_run"),
    "armed_groups.tsv": ("key", "kind", "qid", "label", "names", "abbrevs", "country"),
    "ngos.tsv": ("key", "kind", "qid", "label", "names", "abbrevs", "country"),
    "state_organs.tsv": ("key", "qid", "label", "names", "abbrevs", "country", "organ"),
    "persons.tsv": ("qid", "label", "names", "country", "post"),
    "posts.tsv": ("title", "role", "speaks_for"),
}


# ------------------------------------------------------------------ records


@dataclass(frozen=True)
class Entry:
    """One real-world actor. ``key``: the ISO 3166-1 alpha-3 code for states, the igo key,
    the agency key, ``person:<qid>`` (or ``person:<slug>`` when no Q-id is known) for persons.
    ``kind`` is one of kg.model.ACTOR_KINDS ("state", "igo", "igo_body", "organization",
    "person"). ``names`` holds the label, names and abbreviations (not capitals, seats,
    demonyms or epithets). ``country`` is the state's own code for states, the home state
    for agencies, the nationality for persons. ``parent`` is the key of the organisation an
    igo_body belongs to."""

    key: str
    kind: str
    label: str
    names: tuple[str, ...]
    country: str | None
    wikidata: str | None
    parent: str | None
    post: str | None
    region: str | None = None          # states: UN M49 sub-region
    state_run: bool | None = None      # news agencies
    generic: tuple[str, ...] = ()      # igos: "the council", "the bloc", ...
    organ: str | None = None           # named state organs: the organ they are (one of ORGANS)


@dataclass(frozen=True)
class Match:
    entry: Entry
    via: str        # one of VIAS
    form: str = ""  # the gazetteer form that matched, as written in the data file


@dataclass(frozen=True)
class PostInfo:
    title: str
    role: str
    speaks_for: str


# ------------------------------------------------------------------ normalisation

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bc": "'",
                              "\u02bb": "'", "\u2032": "'"})
_DASHES = re.compile(r"[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212,/]")
_POSSESSIVE = re.compile(r"(?:'s|(?<=s)')$", re.IGNORECASE)
_THE = re.compile(r"^the\s+", re.IGNORECASE)


def _strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def normalise(surface: str, *, keep_case: bool = False) -> str:
    """The comparison key of a surface form (see the module docstring).

    >>> normalise("the U.N.'s"), normalise("Ban Ki\u2011moon"), normalise("Côte d’Ivoire")
    ('un', 'ban ki moon', "cote d'ivoire")
    >>> normalise("U.S.", keep_case=True)
    'US'
    """
    return _normalised(surface, keep_case)


@lru_cache(maxsize=65536)  # the same words are looked up in every document
def _normalised(surface: str, keep_case: bool) -> str:
    s = unicodedata.normalize("NFKC", surface).translate(_APOSTROPHES)
    s = " ".join(s.split())
    s = _POSSESSIVE.sub("", s)
    s = _strip_accents(s)
    s = s.replace("&", " and ").replace(".", "")
    s = _DASHES.sub(" ", s)
    s = " ".join(s.split())
    s = _THE.sub("", s)
    return s if keep_case else s.casefold()


def slug(text: str) -> str:
    """A lower-case ASCII slug: ``slug("Sergey Lavrov") == "sergey-lavrov"``."""
    s = _strip_accents(unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)).casefold()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


# ------------------------------------------------------------------ the gazetteer


class Gazetteer:
    """Lookup tables over the gazetteer files. Build with :func:`load_gazetteer`."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.entries: dict[str, Entry] = {}
        self.posts: dict[str, PostInfo] = {}
        self._forms: list[tuple[str, bool, str, str]] = []     # (surface, case_sensitive, key, via)
        self._ci: dict[str, list[tuple[str, str, str]]] = {}   # key -> [(entry key, via, form)]
        self._cs: dict[str, list[tuple[str, str, str]]] = {}
        self._generic: dict[str, list[str]] = {}
        self._hash: str | None = None
        self._origin: dict[str, str] = {}                      # entry key -> "file:line"
        self._load()

    # .............................................................. public API

    def lookup(self, surface: str) -> list[Match]:
        """Entries a surface form can name, best reading first, one Match per entry.
        Case is ignored except for abbreviations ("WHO" matches, "who" does not)."""
        found: dict[str, Match] = {}
        hits = list(self._ci.get(normalise(surface), ()))
        hits += self._cs.get(normalise(surface, keep_case=True), ())
        for key, via, form in hits:
            cur = found.get(key)
            if cur is None or VIA_PRIORITY[via] < VIA_PRIORITY[cur.via]:
                found[key] = Match(self.entries[key], via, form)
        return sorted(found.values(), key=lambda m: (VIA_PRIORITY[m.via], m.entry.key))

    def post(self, title: str) -> PostInfo | None:
        """The post a title names, compared after normalisation ("Secretary-General" =
        "secretary general"); exact, no guessing (see :meth:`find_post`)."""
        return self.posts.get(normalise(title))

    def find_post(self, text: str) -> tuple[str, PostInfo] | None:
        """The post named by a longer title: tries ``text`` itself, then without its trailing
        qualifier ("special rapporteur on the situation of ..." -> "special rapporteur"), then
        without leading words ("U.N. special rapporteur" -> "special rapporteur").
        Returns (matched normalised title, PostInfo)."""
        key = normalise(text)
        candidates = [key]
        cut = re.split(r"\s(?:of|for|to|on|in|at|with)\s", key, maxsplit=1)[0]
        if cut != key:
            candidates.append(cut)
        for cand in candidates:
            words = cand.split()
            for i in range(len(words)):
                t = " ".join(words[i:])
                if t in self.posts:
                    return t, self.posts[t]
        return None

    def by_generic(self, word: str) -> list[Entry]:
        """Organisations a generic form refers back to: ``by_generic("council")`` or
        ``by_generic("the council")`` -> UNSC, UNHRC, AU_PSC, ..."""
        return [self.entries[k] for k in self._generic.get(normalise(word), ())]

    def surface_forms(self) -> Iterator[tuple[str, bool, str, str]]:
        """Every (surface, case_sensitive, key, via) as written in the data files, for
        building a phrase matcher. Abbreviations are case-sensitive, all else is not."""
        return iter(self._forms)

    def version_hash(self) -> str:
        """sha256 over the names and bytes of the data files, for provenance."""
        if self._hash is None:
            h = hashlib.sha256()
            for name in FILES:
                h.update(name.encode() + b"\0")
                h.update((self.directory / name).read_bytes())
                h.update(b"\0")
            self._hash = h.hexdigest()
        return self._hash

    def origin(self, key: str) -> str:
        """``file:line`` an entry was read from (for error messages and `kg explain`)."""
        return self._origin[key]

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    # .............................................................. loading

    def _load(self) -> None:
        states = self._read("states.tsv")
        igos = self._read("igos.tsv")
        agencies = self._read("news_agencies.tsv")
        groups = self._read("armed_groups.tsv") + self._read("ngos.tsv")
        organs = self._read("state_organs.tsv")
        persons = self._read("persons.tsv")
        posts = self._read("posts.tsv")

        for src, row in states:
            iso = row["iso3"]
            if not _ISO3.match(iso):
                raise ConfigError(f"iso3 {iso!r} is not three capital letters (ISO 3166-1 alpha-3)",
                                  source=src[0], line=src[1])
            self._need(row, src, "label", "region")
            names = _cells(row["names"])
            abbrevs = _cells(row["abbrevs"])
            entry = Entry(key=iso, kind="state", label=row["label"],
                          names=_dedupe([row["label"], *names, *abbrevs]), country=iso,
                          wikidata=self._qid(row, src), parent=None, post=None,
                          region=row["region"])
            self._add(entry, src)
            self._form(entry, row["label"], "name")
            for n in names:
                self._form(entry, n, "name")
            for a in abbrevs:
                self._form(entry, a, "abbrev", case_sensitive=True)
            for col, via in (("demonyms", "demonym"), ("capitals", "capital"), ("seats", "seat"),
                             ("epithets", "epithet"), ("context_epithets", "context_epithet")):
                for n in _cells(row[col]):
                    self._form(entry, n, via)

        for src, row in igos:
            key = row["key"]
            self._check_key(key, src)
            self._need(row, src, "label")
            if row["kind"] not in IGO_KINDS:
                raise ConfigError(f"kind {row['kind']!r} is not one of {', '.join(IGO_KINDS)}",
                                  source=src[0], line=src[1])
            names, abbrevs = _cells(row["names"]), _cells(row["abbrevs"])
            generic = tuple(_cells(row["generic"]))
            entry = Entry(key=key, kind=row["kind"], label=row["label"],
                          names=_dedupe([row["label"], *names, *abbrevs]), country=None,
                          wikidata=self._qid(row, src), parent=row["parent"] or None, post=None,
                          generic=generic)
            self._add(entry, src)
            self._form(entry, row["label"], "name", case_sensitive=_is_abbrev(row["label"]))
            for n in names:
                self._form(entry, n, "name")
            for a in abbrevs:
                self._form(entry, a, "abbrev", case_sensitive=True)
            for g in generic:
                self._form(entry, g, "generic")
                self._generic.setdefault(normalise(g), []).append(key)

        for src, row in agencies:
            key = row["key"]
            self._check_key(key, src)
            self._need(row, src, "label", "country")
            self._check_country(row["country"], src, "country")
            if row["state_run"] not in ("yes", "no"):
                raise ConfigError(f"state_run {row['state_run']!r} must be yes or no",
                                  source=src[0], line=src[1])
            names, abbrevs = _cells(row["names"]), _cells(row["abbrevs"])
            entry = Entry(key=key, kind="organization", label=row["label"],
                          names=_dedupe([row["label"], *names, *abbrevs]), country=row["country"],
                          wikidata=self._qid(row, src), parent=None, post=None,
                          state_run=row["state_run"] == "yes")
            self._add(entry, src)
            self._form(entry, row["label"], "name", case_sensitive=_is_abbrev(row["label"]))
            for n in names:
                self._form(entry, n, "name")
            for a in abbrevs:
                self._form(entry, a, "abbrev", case_sensitive=True)

        for src, row in groups:
            key = row["key"]
            self._check_key(key, src)
            self._need(row, src, "label", "kind")
            if row["kind"] not in GROUP_KINDS:
                raise ConfigError(f"kind {row['kind']!r} is not one of {', '.join(GROUP_KINDS)}",
                                  source=src[0], line=src[1])
            if row["country"]:
                self._check_country(row["country"], src, "country")
            self._named_entry(row, src, kind=row["kind"], country=row["country"] or None)

        for src, row in organs:
            key = row["key"]
            self._check_key(key, src)
            self._need(row, src, "label", "country")
            self._check_country(row["country"], src, "country")
            if row["organ"] and row["organ"] not in ORGANS:
                raise ConfigError(f"organ {row['organ']!r} is not one of {', '.join(ORGANS)} (or empty)",
                                  source=src[0], line=src[1])
            self._named_entry(row, src, kind="government", country=row["country"], organ=row["organ"] or None)

        for src, row in persons:
            self._need(row, src, "label", "country")
            qid = self._qid(row, src)
            key = f"person:{qid}" if qid else f"person:{slug(row['label'])}"
            self._check_country(row["country"], src, "country")
            names = _cells(row["names"])
            entry = Entry(key=key, kind="person", label=row["label"],
                          names=_dedupe([row["label"], *names]), country=row["country"],
                          wikidata=qid, parent=None, post=row["post"] or None)
            self._add(entry, src)
            for n in (row["label"], *names):
                self._form(entry, n, "name")

        for src, row in posts:
            self._need(row, src, "title", "role", "speaks_for")
            if row["role"] not in ROLES:
                raise ConfigError(f"role {row['role']!r} is not one of {', '.join(ROLES)}",
                                  source=src[0], line=src[1])
            if row["speaks_for"] not in SPEAKS_FOR:
                raise ConfigError(f"speaks_for {row['speaks_for']!r} is not one of "
                                  f"{', '.join(SPEAKS_FOR)}", source=src[0], line=src[1])
            t = normalise(row["title"])
            if t in self.posts:
                raise ConfigError(f"duplicate post title {row['title']!r}", source=src[0], line=src[1])
            self.posts[t] = PostInfo(row["title"], row["role"], row["speaks_for"])

        for src, row in igos:
            parent = row["parent"]
            if parent and parent not in self.entries:
                raise ConfigError(f"parent {parent!r} of {row['key']!r} is not a key of igos.tsv",
                                  source=src[0], line=src[1])
            if parent and self.entries[parent].kind not in IGO_KINDS:
                raise ConfigError(f"parent {parent!r} of {row['key']!r} is not an organisation",
                                  source=src[0], line=src[1])
            if parent == row["key"]:
                raise ConfigError(f"{parent!r} is its own parent", source=src[0], line=src[1])
        self._check_cycles(igos)

    def _read(self, name: str) -> list[tuple[tuple[str, int], dict[str, str]]]:
        path = self.directory / name
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ConfigError(f"gazetteer file is missing (expected {', '.join(FILES)} in "
                              f"{self.directory})", source=str(path)) from None
        except (OSError, UnicodeDecodeError) as e:
            raise ConfigError(f"cannot read gazetteer file as UTF-8: {e}", source=str(path)) from None
        expected = COLUMNS[name]
        header: list[str] | None = None
        rows = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = [c.strip() for c in cells]
                if tuple(header) != expected:
                    raise ConfigError(f"header is {header}; expected the columns "
                                      f"{list(expected)} separated by tabs", source=str(path), line=n)
                continue
            if len(cells) > len(header):
                raise ConfigError(f"{len(cells)} tab-separated cells for {len(header)} columns "
                                  f"({', '.join(header)})", source=str(path), line=n)
            cells += [""] * (len(header) - len(cells))
            rows.append(((str(path), n), dict(zip(header, (c.strip() for c in cells)))))
        if header is None:
            raise ConfigError(f"no header row; expected the columns {list(expected)}", source=str(path))
        return rows

    # .............................................................. helpers

    def _add(self, entry: Entry, src: tuple[str, int]) -> None:
        if entry.key in self.entries:
            raise ConfigError(f"duplicate key {entry.key!r} (first defined at "
                              f"{self._origin[entry.key]})", source=src[0], line=src[1])
        self.entries[entry.key] = entry
        self._origin[entry.key] = f"{src[0]}:{src[1]}"

    def _named_entry(self, row: dict[str, str], src: tuple[str, int], *, kind: str, country: str | None,
                     **extra) -> Entry:
        """An entry of a file with key, qid, label, names and abbrevs columns, and its forms."""
        names, abbrevs = _cells(row["names"]), _cells(row["abbrevs"])
        entry = Entry(key=row["key"], kind=kind, label=row["label"],
                      names=_dedupe([row["label"], *names, *abbrevs]), country=country,
                      wikidata=self._qid(row, src), parent=None, post=None, **extra)
        self._add(entry, src)
        for n in (row["label"], *names):
            self._form(entry, n, "name")
        for a in abbrevs:
            self._form(entry, a, "abbrev", case_sensitive=True)
        return entry

    def _form(self, entry: Entry, surface: str, via: str, *, case_sensitive: bool = False) -> None:
        surface = surface.strip()
        if not surface:
            return
        self._forms.append((surface, case_sensitive, entry.key, via))
        index, k = (self._cs, normalise(surface, keep_case=True)) if case_sensitive else \
            (self._ci, normalise(surface))
        if not k:
            return
        bucket = index.setdefault(k, [])
        if not any(e == entry.key and v == via for e, v, _ in bucket):
            bucket.append((entry.key, via, surface))

    @staticmethod
    def _qid(row: dict[str, str], src: tuple[str, int]) -> str | None:
        q = row["qid"]
        if q and not _QID.match(q):
            raise ConfigError(f"qid {q!r} is not a Wikidata item id (Q followed by digits) or empty",
                              source=src[0], line=src[1])
        return q or None

    @staticmethod
    def _need(row: dict[str, str], src: tuple[str, int], *cols: str) -> None:
        for c in cols:
            if not row[c]:
                raise ConfigError(f"column {c!r} is empty", source=src[0], line=src[1])

    @staticmethod
    def _check_key(key: str, src: tuple[str, int]) -> None:
        if not _KEY.match(key):
            raise ConfigError(f"key {key!r} must be capital letters, digits and underscores, "
                              "starting with a letter", source=src[0], line=src[1])

    def _check_country(self, code: str, src: tuple[str, int], col: str) -> None:
        if not _ISO3.match(code):
            raise ConfigError(f"{col} {code!r} is not an ISO 3166-1 alpha-3 code", source=src[0], line=src[1])
        if code not in self.entries or self.entries[code].kind != "state":
            raise ConfigError(f"{col} {code!r} is not a state of states.tsv", source=src[0], line=src[1])

    def _check_cycles(self, igos) -> None:
        for src, row in igos:
            seen, cur = set(), row["key"]
            while cur:
                if cur in seen:
                    raise ConfigError(f"parent chain of {row['key']!r} loops through {cur!r}",
                                      source=src[0], line=src[1])
                seen.add(cur)
                cur = self.entries[cur].parent


def _cells(cell: str) -> list[str]:
    return [x.strip() for x in cell.split("|") if x.strip()] if cell else []


def _dedupe(items: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for x in items:
        if x and x not in out:
            out.append(x)
    return tuple(out)


def _is_abbrev(label: str) -> bool:
    """A label such as "UNICEF" or "NATO" is an acronym: matched with its case."""
    return len(label) <= 8 and label.replace(".", "").isupper() and " " not in label


@lru_cache(maxsize=8)
def _load(directory: str) -> Gazetteer:
    return Gazetteer(Path(directory))


@lru_cache(maxsize=1)
def _default_directory() -> str:
    return str(DATA_DIR.resolve())


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """The gazetteer in ``path`` (a directory holding the TSV files of ``FILES``; default: the
    package's ``kg/data/gazetteer``), loaded once per directory and cached.
    Raises kg.errors.ConfigError naming the file and line when a file is malformed."""
    if path is None:  # extraction asks for it many times per document: resolve the path once
        return _load(_default_directory())
    return _load(str(Path(path).resolve()))


def _cache_clear() -> None:
    _load.cache_clear()
    _default_directory.cache_clear()


load_gazetteer.cache_clear = _cache_clear  # type: ignore[attr-defined]
