"""Small data tables of kg/data/gazetteer that the main gazetteer does not cover:
ministries (portfolios and named departments), collective actors, and the word classes of
the extraction rules (kg/data/lexicons/word_classes.tsv) and of names (name_words.tsv: how a
name is used as a place, an organisation, a state's organ)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.errors import ConfigError
from kg.extract.parse import filter_spans, text_of

DATA = Path(__file__).resolve().parent.parent / "data" / "gazetteer"
LEXICONS = DATA.parent / "lexicons"


def read_tsv(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict]]:
    """Rows of a TSV data file with its line numbers; '#' lines are comments."""
    rows = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise ConfigError(f"cannot read data file: {e}", source=str(path)) from None
    body = [(n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")]
    if not body:
        raise ConfigError("data file has no header row", source=str(path))
    header = body[0][1].split("\t")
    missing = [c for c in required if c not in header]
    if missing:
        raise ConfigError(f"missing columns {missing}; header is {header}", source=str(path), line=body[0][0])
    for n, line in body[1:]:
        cells = line.split("\t")
        if len(cells) > len(header):
            raise ConfigError(f"{len(cells)} cells for {len(header)} columns", source=str(path), line=n)
        cells += [""] * (len(header) - len(cells))
        rows.append((n, dict(zip(header, (c.strip() for c in cells)))))
    return rows


WORD_FILES = (LEXICONS / "word_classes.tsv", DATA / "name_words.tsv")


@lru_cache(maxsize=None)
def _word_classes() -> dict[str, frozenset]:
    out: dict[str, frozenset] = {}
    for path in WORD_FILES:  # the rules' word classes, and those of names (places, organisations)
        for n, r in read_tsv(path, ("class", "words")):
            if r["class"] in out:
                raise ConfigError(f"word class {r['class']!r} is defined twice", source=str(path), line=n)
            out[r["class"]] = frozenset(split(r["words"]))
    return out


def words(name: str) -> frozenset:
    """A word class of kg/data/lexicons/word_classes.tsv or kg/data/gazetteer/name_words.tsv
    (lower-case words or lemmas)."""
    try:
        return _word_classes()[name]
    except KeyError:
        raise ConfigError(f"no word class {name!r}; the classes are {sorted(_word_classes())}",
                          source=" and ".join(str(p) for p in WORD_FILES)) from None


def split(cell: str) -> list[str]:
    return [x.strip() for x in cell.split("|") if x.strip()]


class ministries:  # namespace of functions over ministries.tsv
    @staticmethod
    @lru_cache(maxsize=1)
    def table():
        portfolios, named = [], []
        for n, r in read_tsv(DATA / "ministries.tsv", ("type", "portfolio", "words_or_names", "country")):
            if r["type"] == "portfolio":
                portfolios += [(w.lower(), r["portfolio"]) for w in split(r["words_or_names"])]
            elif r["type"] == "named":
                named += [(w, r["portfolio"], r["country"] or None) for w in split(r["words_or_names"])]
            else:
                raise ConfigError(f"type must be portfolio or named, not {r['type']!r}",
                                  source=str(DATA / "ministries.tsv"), line=n)
        portfolios.sort(key=lambda x: -len(x[0]))
        named.sort(key=lambda x: -len(x[0]))
        return portfolios, named

    @staticmethod
    def portfolio_of(words: str) -> str | None:
        words = " " + words.lower().replace("&", "and") + " "
        for w, p in ministries.table()[0]:
            if f" {w} " in words:
                return p
        return None

    @staticmethod
    def named_matches(doc):
        """(start, end, portfolio, country) for named departments found in the text."""
        out, taken = [], set()
        text = text_of(doc)
        for name, portfolio, country in ministries.table()[1]:
            start = 0
            while (i := text.find(name, start)) >= 0:
                start = i + len(name)
                span = doc.char_span(i, i + len(name), alignment_mode="expand")
                if span is None or any(t in taken for t in range(span.start, span.end)):
                    continue
                taken.update(range(span.start, span.end))
                out.append((span.start, span.end, portfolio, country))
        return sorted(out)


@dataclass(frozen=True)
class Collective:
    key: str
    kind: str
    scope: str
    label: str
    names: tuple[str, ...]
    requires: tuple[str, ...] = ()


class collectives:
    @staticmethod
    @lru_cache(maxsize=1)
    def table() -> tuple[Collective, ...]:
        rows = read_tsv(DATA / "collectives.tsv", ("key", "kind", "scope", "label", "names", "requires"))
        return tuple(Collective(r["key"], r["kind"], r["scope"], r["label"], tuple(split(r["names"])),
                                tuple(w.lower() for w in split(r["requires"])))
                     for _, r in rows)

    @staticmethod
    @lru_cache(maxsize=4)
    def _matcher(nlp):
        from spacy.matcher import PhraseMatcher

        m = PhraseMatcher(nlp.vocab, attr="LOWER")
        by_key = {}
        for row in collectives.table():
            by_key[row.key] = row
            m.add(row.key, [nlp.make_doc(n) for n in row.names])
        return m, by_key

    @staticmethod
    def active(doc) -> set[str]:
        """Keys of the rows whose ``requires`` words the text has (all rows without any)."""
        low = text_of(doc).lower()
        return {row.key for row in collectives.table() if not row.requires or any(w in low for w in row.requires)}

    @staticmethod
    def matches(nlp, doc):
        m, by_key = collectives._matcher(nlp)
        ok = collectives.active(doc)
        hits = [(mid, s, e) for mid, s, e in m(doc) if nlp.vocab.strings[mid] in ok]
        found = {(s, e): nlp.vocab.strings[mid] for mid, s, e in hits}
        return [(s, e, by_key[found[(s, e)]]) for s, e in filter_spans([(s, e) for _, s, e in hits])]


def files_hash() -> str:
    import hashlib

    h = hashlib.sha256()
    for p in sorted(DATA.glob("*.tsv")) + sorted(LEXICONS.glob("*.tsv")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()
