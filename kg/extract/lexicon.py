"""Cue lexicons: act cues (``cues.tsv``) and modality cues (``modality.tsv``).

Standard library only. The files live in ``kg/data/lexicons/``; their columns and the
conventions behind them are described in that folder's README.md.

How a caller uses the act cues::

    cues = load_cues()                      # {first word lemma: [Cue, ...]}, longest cue first
    cue = select_cue("call", "VERB", {"on", "japan", "withdraw"})   # -> the "call on" REQUEST row
    cue = select_cue_for_token(tok)         # the same from a spaCy token, walking its children

Multiword cues are keyed by their first word, which is the syntactic head ("call on",
"put on alert", "express concern"); the other words are looked for among the head's
dependents (particles, prepositions, objects and what hangs under them), not as a
contiguous string. Modality cues, in contrast, are short fixed expressions matched as
contiguous token sequences by :func:`match_modality`.

Act cues come from two files: ``cues.tsv``, written by hand for this project, and
``cues_cameo.tsv``, derived from PETRARCH2's CAMEO verb dictionary by
``scripts/derive_cues.py``. By default both are read and a hand row wins over a derived row
with the same (cue, pos); a ``path`` argument reads one file (or a sequence of files, the
earlier winning) instead.

Both loaders parse each file once and cache the result (per path); :func:`clear_cache`
forgets it. ``load_cues()`` returns the cached dict itself (read-only by convention);
``load_modality()`` returns a fresh list. Every malformed row raises :class:`kg.errors.ConfigError` naming the file and
the line.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from kg.errors import ConfigError
from kg.model import ACT_TYPES, STANCES

LEXICON_DIR = Path(__file__).resolve().parent.parent / "data" / "lexicons"
CUES_FILE = LEXICON_DIR / "cues.tsv"
CAMEO_CUES_FILE = LEXICON_DIR / "cues_cameo.tsv"
CUE_FILES = (CUES_FILE, CAMEO_CUES_FILE)  # the default act lexicon, in order of precedence
LEMMAS_FILE = LEXICON_DIR / "cue_lemmas.tsv"  # run-time lemmas of head verbs ("stag" for "staged")
MODALITY_FILE = LEXICON_DIR / "modality.tsv"

CUE_COLUMNS = ("cue", "pos", "act", "cameo", "speech", "addressee", "content", "stance", "notes", "source")
CUE_REQUIRED = 5  # cue, pos, act, cameo, speech; the rest may be empty or left off
CUE_POS = ("VERB", "NOUN", "ADJ")
SPEECH_VALUES = {"yes": True, "no": False}

LEMMA_COLUMNS = ("lemma", "verb", "forms")
LEMMA_REQUIRED = 2

MODALITY_COLUMNS = ("cue", "pos", "modality", "scope", "notes")
MODALITY_REQUIRED = 4
MODALITY_POS = ("AUX", "VERB", "ADV", "ADJ", "NOUN", "any")
MODALITY_VALUES = ("planned", "hypothetical", "denied", "reported")
#: When several modality cues govern one act, the first of these that applies wins.
MODALITY_PRECEDENCE = ("denied", "hypothetical", "planned", "reported")
SCOPES = ("head", "xcomp", "ccomp")

#: Dependency roles allowed in the addressee and content columns, besides ``prep:<word>``.
ROLE_NAMES = ("dobj", "iobj", "xcomp", "ccomp", "pcomp", "acl", "advcl", "oprd", "poss")

_PREP_RE = re.compile(r"prep:[a-z]+\Z")
_CAMEO_RE = re.compile(r"\d{2,4}\Z")
_WORD_RE = re.compile(r"[a-z][a-z'-]*\Z")


@dataclass(frozen=True)
class Cue:
    """One row of cues.tsv. ``stance`` is None when the column is empty."""

    cue: str                        # lemma or lemma sequence, first word = syntactic head
    pos: str                        # VERB, NOUN or ADJ (with its clause: "willing to")
    act: str                        # one of kg.model.ACT_TYPES
    cameo: str                      # 2-4 digit CAMEO code
    speech: bool                    # True when the cue reports speech
    addressee: tuple[str, ...]      # dependency roles, e.g. ("dobj", "prep:on")
    content: tuple[str, ...]
    stance: str | None              # support / oppose towards a positive content, or None
    notes: str = ""
    line: int = field(default=0, compare=False)  # line in the source file, for traces
    source: str = ""                # where the row comes from: "kg" or the dictionary block and line

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.cue.split(" "))

    @property
    def head(self) -> str:
        return self.words[0]

    @property
    def is_multiword(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True)
class ModalityCue:
    """One row of modality.tsv."""

    cue: str            # lower-case words; each matches a token's lower-cased text or lemma
    pos: str            # AUX, VERB, ADV, ADJ, NOUN or any
    modality: str       # planned, hypothetical, denied, reported
    scope: str          # head, xcomp, ccomp
    notes: str = ""
    line: int = field(default=0, compare=False)

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.cue.split(" "))


# ---------------------------------------------------------------- reading

def _rows(path: Path, columns: tuple[str, ...], required: int):
    """Yield (line number, fields padded to len(columns)) for the data rows of a TSV file.

    ``#`` lines and blank lines are skipped anywhere; the first other line must be the header.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("lexicon file not found", source=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"lexicon file cannot be read as UTF-8 text: {exc}", source=str(path)) from None
    header_seen = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if not header_seen:
            if tuple(f.strip() for f in fields) != columns:
                raise ConfigError(
                    f"expected the header row {'<TAB>'.join(columns)!r}, got {line!r}",
                    source=str(path), line=lineno)
            header_seen = True
            continue
        if len(fields) > len(columns):
            raise ConfigError(
                f"{len(fields)} tab-separated fields, at most {len(columns)} allowed "
                f"({', '.join(columns)})", source=str(path), line=lineno)
        if len(fields) < required:
            raise ConfigError(
                f"{len(fields)} tab-separated fields, at least {required} needed "
                f"({', '.join(columns[:required])})", source=str(path), line=lineno)
        fields = [f.strip() for f in fields] + [""] * (len(columns) - len(fields))
        yield lineno, fields
    if not header_seen:
        raise ConfigError(f"no header row ({'<TAB>'.join(columns)})", source=str(path))


def _check_words(cue: str, path: Path, lineno: int) -> None:
    words = cue.split(" ")
    if not cue or any(not _WORD_RE.match(w) for w in words):
        raise ConfigError(
            f"cue {cue!r} must be lower-case words (a-z, hyphen, apostrophe) separated by single spaces",
            source=str(path), line=lineno)


def _roles(value: str, column: str, path: Path, lineno: int) -> tuple[str, ...]:
    if not value:
        return ()
    roles = tuple(value.split("|"))
    for role in roles:
        if role not in ROLE_NAMES and not _PREP_RE.match(role):
            raise ConfigError(
                f"{column} role {role!r} is not valid; use {', '.join(ROLE_NAMES)} or prep:<word>",
                source=str(path), line=lineno)
    if len(set(roles)) != len(roles):
        raise ConfigError(f"{column} lists a role twice: {value!r}", source=str(path), line=lineno)
    return roles


@lru_cache(maxsize=8)
def _parse_cues(path_str: str) -> tuple[Cue, ...]:
    path = Path(path_str)
    out: list[Cue] = []
    seen: dict[tuple[str, str], int] = {}
    for lineno, f in _rows(path, CUE_COLUMNS, CUE_REQUIRED):
        cue, pos, act, cameo, speech, addressee, content, stance, notes, source = f
        _check_words(cue, path, lineno)
        if pos not in CUE_POS:
            raise ConfigError(f"pos {pos!r} is not one of {', '.join(CUE_POS)}", source=str(path), line=lineno)
        if act not in ACT_TYPES:
            raise ConfigError(f"act {act!r} is not one of {', '.join(ACT_TYPES)}", source=str(path), line=lineno)
        if not _CAMEO_RE.match(cameo):
            raise ConfigError(f"cameo {cameo!r} must be 2 to 4 digits", source=str(path), line=lineno)
        if speech not in SPEECH_VALUES:
            raise ConfigError(f"speech {speech!r} must be yes or no", source=str(path), line=lineno)
        if stance and stance not in STANCES:
            raise ConfigError(
                f"stance {stance!r} must be empty or one of {', '.join(STANCES)}", source=str(path), line=lineno)
        addressee_roles = _roles(addressee, "addressee", path, lineno)
        content_roles = _roles(content, "content", path, lineno)
        key = (cue, pos)
        if key in seen:
            raise ConfigError(
                f"duplicate cue {cue!r} ({pos}); first defined on line {seen[key]}", source=str(path), line=lineno)
        seen[key] = lineno
        out.append(Cue(
            cue=cue, pos=pos, act=act, cameo=cameo, speech=SPEECH_VALUES[speech],
            addressee=addressee_roles, content=content_roles,
            stance=stance or None, notes=notes, line=lineno, source=source))
    return tuple(out)


@lru_cache(maxsize=8)
def _parse_lemmas(path_str: str) -> tuple[tuple[str, str], ...]:
    path = Path(path_str)
    out: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for lineno, (lemma, verb, _forms) in _rows(path, LEMMA_COLUMNS, LEMMA_REQUIRED):
        for word in (lemma, verb):
            if not _WORD_RE.match(word):
                raise ConfigError(f"{word!r} must be one lower-case word", source=str(path), line=lineno)
        if lemma in seen:
            raise ConfigError(f"duplicate lemma {lemma!r}; first defined on line {seen[lemma]}",
                              source=str(path), line=lineno)
        seen[lemma] = lineno
        out.append((lemma, verb))
    return tuple(out)


@lru_cache(maxsize=8)
def _cue_index(paths: tuple[str, ...], lemmas: str | None = None) -> dict[str, list[Cue]]:
    index: dict[str, list[Cue]] = {}
    seen: set[tuple[str, str]] = set()
    for path_str in paths:  # an earlier file wins over a later one for the same (cue, pos)
        for cue in _parse_cues(path_str):
            if (cue.cue, cue.pos) not in seen:
                seen.add((cue.cue, cue.pos))
                index.setdefault(cue.head, []).append(cue)
    # longest cue first; file order among equals (sorted() is stable)
    index = {k: sorted(v, key=lambda c: -len(c.words)) for k, v in index.items()}
    for lemma, verb in _parse_lemmas(lemmas) if lemmas else ():
        if lemma not in index and verb in index:  # a head of its own keeps its own cues
            index[lemma] = [c for c in index[verb] if c.pos == "VERB"]
    return index


@lru_cache(maxsize=8)
def _parse_modality(path_str: str) -> tuple[ModalityCue, ...]:
    path = Path(path_str)
    out: list[ModalityCue] = []
    seen: dict[tuple[str, str], int] = {}
    for lineno, f in _rows(path, MODALITY_COLUMNS, MODALITY_REQUIRED):
        cue, pos, modality, scope, notes = f
        _check_words(cue, path, lineno)
        if pos not in MODALITY_POS:
            raise ConfigError(f"pos {pos!r} is not one of {', '.join(MODALITY_POS)}", source=str(path), line=lineno)
        if modality not in MODALITY_VALUES:
            raise ConfigError(
                f"modality {modality!r} is not one of {', '.join(MODALITY_VALUES)}", source=str(path), line=lineno)
        if scope not in SCOPES:
            raise ConfigError(f"scope {scope!r} is not one of {', '.join(SCOPES)}", source=str(path), line=lineno)
        key = (cue, pos)
        if key in seen:
            raise ConfigError(
                f"duplicate cue {cue!r} ({pos}); first defined on line {seen[key]}", source=str(path), line=lineno)
        seen[key] = lineno
        out.append(ModalityCue(cue=cue, pos=pos, modality=modality, scope=scope, notes=notes, line=lineno))
    return tuple(out)


def _key(path: str | Path | None, default: Path) -> str:
    return str(Path(path) if path is not None else default)


def _cue_index_for(path) -> dict[str, list[Cue]]:
    """The index of the default lexicon (both cue files and the lemma aliases), of one file,
    or of a sequence of files in order of precedence (no aliases)."""
    if path is None:
        return _cue_index(tuple(str(p) for p in CUE_FILES), str(LEMMAS_FILE))
    if isinstance(path, (str, Path)):
        return _cue_index((str(Path(path)),))
    return _cue_index(tuple(str(Path(p)) for p in path))


# ---------------------------------------------------------------- public API

def load_cues(path: str | Path | Sequence[str | Path] | None = None) -> dict[str, list[Cue]]:
    """All act cues, keyed by the lemma of their first (head) word.

    By default the hand-written ``cues.tsv`` and the derived ``cues_cameo.tsv``, a hand row
    winning over a derived row with the same (cue, pos), and the verb cues are also filed
    under the run-time lemmas of ``cue_lemmas.tsv`` ("stag" for "staged": ``load_cues()["stag"]``
    holds the cues of "stage"). ``path`` names one file or a sequence of files (earlier wins)
    instead. Each list holds the single-word cue and the multiword cues with that head,
    longest first. The caller matches multiword cues (see
    :func:`select_cue`). The dict is the cached one, shared by every caller so that
    per-token calls cost nothing: treat it as read-only (the Cue records themselves are frozen).
    """
    return _cue_index_for(path)


def cues_for(lemma: str, pos: str | None = None, *, path=None) -> list[Cue]:
    """The cues headed by ``lemma`` (longest first), optionally only those of ``pos``."""
    found = _cue_index_for(path).get(lemma.lower(), ())
    return [c for c in found if pos is None or c.pos == pos]


def select_cue(head_lemma: str, pos: str | None = None, context: Iterable[str] = (),
               *, path=None) -> Cue | None:
    """The best cue for a head word: the longest cue all of whose other words are in ``context``.

    ``context`` holds lower-cased lemmas (and, to be safe, texts) of words near the head:
    its children and their children (particles, prepositions and their objects, direct
    objects), not its whole subtree, or "giving … in …" reads as "give in". A head with no
    matching multiword cue falls back to its single-word cue; None if there is none. With a
    parsed token at hand, :func:`select_cue_for_token` does the tree walk itself.
    """
    ctx = {w.lower() for w in context}
    for cue in cues_for(head_lemma, pos, path=path):
        if all(w in ctx for w in cue.words[1:]):
            return cue
    return None


def select_cue_for_token(token, *, path=None) -> Cue | None:
    """The best cue headed by a parsed token (duck-typed: ``lemma_``, ``text``, ``pos_``, ``children``).

    Only VERB, NOUN and ADJ tokens head cues (a token without ``pos_`` is tried against all).

    A multiword cue matches when each of its further words is a direct dependent of the
    head or of a word already matched ("put troops on high alert": put > on > alert;
    "freeze the assets of": freeze > assets). Words match on lower-cased lemma or text.
    Hyphenated cues ("test-fire") are looked up under the joined form when the head is
    preceded by "X -".
    """
    pos = getattr(token, "pos_", None)
    if pos is not None and pos not in CUE_POS:
        return None  # PROPN "State", "Ban": only VERB, NOUN and ADJ tokens head cues
    keys = [token.lemma_.lower()]
    doc, i = getattr(token, "doc", None), getattr(token, "i", None)
    if (doc is not None and i is not None and i >= 2 and doc[i - 1].text == "-"
            and not getattr(doc[i - 2], "whitespace_", "") and not getattr(doc[i - 1], "whitespace_", "")):
        keys.insert(0, f"{doc[i - 2].text.lower()}-{token.lemma_.lower()}")
    for key in keys:
        for cue in cues_for(key, pos, path=path):
            if _tree_match(token, cue.words[1:]):
                return cue
    return None


def _tree_match(head, rest: Sequence[str]) -> bool:
    matched = [head]
    for word in rest:
        found = None
        for m in matched:
            for child in m.children:
                if child not in matched and word in (child.lemma_.lower(), child.text.lower()):
                    found = child
                    break
            if found is not None:
                break
        if found is None:
            return False
        matched.append(found)
    return True


def load_modality(path: str | Path | None = None) -> list[ModalityCue]:
    """All modality cues in file order (a fresh list from a cached parse)."""
    return list(_parse_modality(_key(path, MODALITY_FILE)))


def match_modality(texts: Sequence[str], lemmas: Sequence[str] | None = None,
                   pos: Sequence[str] | None = None, *, path: str | Path | None = None,
                   ) -> list[tuple[int, int, ModalityCue]]:
    """Find modality cues in a token sequence: ``(start, end, cue)`` with ``end`` exclusive.

    A cue word matches a token whose lower-cased text or lemma equals it. Matching is
    left to right, longest cue first, without overlaps. ``pos`` (coarse tags such as
    spaCy's ``pos_``) filters single-word cues whose pos is not ``any``.
    """
    if lemmas is not None and len(lemmas) != len(texts):
        raise ValueError("texts and lemmas differ in length")
    if pos is not None and len(pos) != len(texts):
        raise ValueError("texts and pos differ in length")
    cues = sorted(_parse_modality(_key(path, MODALITY_FILE)), key=lambda c: -len(c.words))
    forms = [{t.lower(), (lemmas[i] if lemmas is not None else t).lower()} for i, t in enumerate(texts)]
    out: list[tuple[int, int, ModalityCue]] = []
    i = 0
    while i < len(texts):
        for cue in cues:
            n = len(cue.words)
            if i + n > len(texts) or any(w not in forms[i + k] for k, w in enumerate(cue.words)):
                continue
            if n == 1 and pos is not None and cue.pos != "any" and pos[i] != cue.pos:
                continue
            out.append((i, i + n, cue))
            i += n
            break
        else:
            i += 1
    return out


def lexicon_hash(paths: Iterable[str | Path] | None = None) -> str:
    """SHA-256 (hex) over the lexicon files' names and bytes, in the given order.

    Defaults to cues.tsv, cues_cameo.tsv, cue_lemmas.tsv then modality.tsv. Only base names enter the hash,
    so a copy of the same files elsewhere hashes the same.
    """
    files = [Path(p) for p in paths] if paths is not None else [*CUE_FILES, LEMMAS_FILE, MODALITY_FILE]
    h = hashlib.sha256()
    for p in files:
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise ConfigError(f"lexicon file cannot be read: {exc.strerror or exc}", source=str(p)) from None
        h.update(p.name.encode("utf-8") + b"\0" + str(len(data)).encode("ascii") + b"\0")
        h.update(data)
    return h.hexdigest()


def clear_cache() -> None:
    """Forget parsed lexicons (after a file changed on disk)."""
    _parse_cues.cache_clear()
    _parse_lemmas.cache_clear()
    _cue_index.cache_clear()
    _parse_modality.cache_clear()


__all__ = [
    "Cue", "ModalityCue", "load_cues", "cues_for", "select_cue", "select_cue_for_token", "load_modality",
    "match_modality", "lexicon_hash", "clear_cache", "CUES_FILE", "CAMEO_CUES_FILE", "CUE_FILES", "LEMMAS_FILE",
    "MODALITY_FILE",
    "MODALITY_PRECEDENCE", "ROLE_NAMES",
]
