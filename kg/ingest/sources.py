"""Input discovery: files, folders, globs -> Articles, or Quarantined records.

A bad document never stops the iteration: any KgError (or OS error) while reading one
file becomes a :class:`Quarantined` for that file (JSONL: for that line).
"""
from __future__ import annotations

import glob
import os
from typing import Iterator

from kg.errors import KgError
from kg.ingest.quarantine import Quarantined
from kg.model import Article

#: Extensions collected from folders (also with ".gz"). Explicit files of any other
#: extension are read as text.
EXTENSIONS = (".txt", ".text", ".md", ".html", ".htm", ".jsonl")
_GLOB_CHARS = set("*?[")
STDIN = "-"     # standard input among the inputs (kg.ingest.stdin)


def _kind(path: str) -> str:
    name = path.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    ext = os.path.splitext(name)[1]
    if ext in (".html", ".htm"):
        return "html"
    return "jsonl" if ext == ".jsonl" else "text"


def _wanted(name: str) -> bool:
    low = name.lower()
    if low.startswith(".") or low.endswith(".gold.json"):
        return False
    if low.endswith(".gz"):
        low = low[:-3]
    return low.endswith(EXTENSIONS)


def read_file(path: str) -> Iterator[Article | Quarantined]:
    """Read one file of any supported kind; never raises for a bad file."""
    from kg.ingest.decode import read_bytes
    from kg.ingest.html import read_html
    from kg.ingest.jsonl import read_jsonl
    from kg.ingest.text import read_text_file

    if path == STDIN:
        from kg.ingest.stdin import read_stdin

        yield from read_stdin()
        return
    kind = _kind(path)
    try:
        if kind == "jsonl":
            yield from read_jsonl(path)
        elif kind == "html":
            yield read_html(read_bytes(path), path)
        else:
            yield read_text_file(path)
    except KgError as e:
        yield Quarantined.from_error(e, path)
    except (OSError, RecursionError, MemoryError) as e:
        yield Quarantined(path, None, "io", f"cannot read: {e}")


#: what ``kg build`` writes into its output folder (besides hidden temporary files)
OUTPUT_NAMES = ("manifest.jsonl", "quarantine.jsonl")
OUTPUT_SUFFIXES = (".report.txt", ".ttl", ".trig")


class _Output:
    """The output folder of a build: never read as input. A walk does not enter it; a file of
    kg's own making in it (manifest, quarantine file, reports, graphs) is never read, even
    when the output folder is the input folder itself."""

    def __init__(self, out_dir):
        self.real = os.path.realpath(out_dir) if out_dir is not None else None

    def is_folder(self, path: str) -> bool:
        return self.real is not None and os.path.realpath(path) == self.real

    def owns(self, path: str) -> bool:
        if self.real is None or os.path.realpath(os.path.dirname(path) or ".") != self.real:
            return False
        name = os.path.basename(path).lower()
        return name in OUTPUT_NAMES or name.endswith(OUTPUT_SUFFIXES)


_NOT_INPUT = "written by kg build in its output folder (--out): not read as input"


def _walk(folder: str, out: _Output) -> Iterator[str | Quarantined]:
    """The wanted files of a folder tree; a FIFO, socket or device among them is quarantined
    (reading it would block or never end); the output folder is not entered."""
    from kg.ingest.decode import file_kind

    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not out.is_folder(os.path.join(root, d)))
        for name in sorted(files):
            path = os.path.join(root, name)
            if _wanted(name) and not out.owns(path):
                try:
                    kind = file_kind(os.stat(path).st_mode)
                except OSError as e:
                    yield Quarantined(path, None, "io", f"cannot read: {e.strerror or e}")
                    continue
                if kind is None:
                    yield path
                else:
                    yield Quarantined(path, None, "io", f"{kind}, not a regular file: skipped")


def _expand(p: str, out: _Output) -> Iterator[str | Quarantined]:
    if p == STDIN:
        yield p
    elif os.path.isdir(p):
        yield from _walk(p, out)
    elif os.path.isfile(p):
        yield Quarantined(p, None, "output", _NOT_INPUT) if out.owns(p) else p
    elif _GLOB_CHARS & set(p):
        matches = sorted(glob.glob(p, recursive=True))
        if not matches:
            yield Quarantined(p, None, "missing", "no file matches this pattern")
        for m in matches:
            if os.path.isdir(m):
                if not out.is_folder(m):
                    yield from _walk(m, out)
            elif not os.path.basename(m).startswith(".") and not out.owns(m):
                yield m if os.path.isfile(m) else Quarantined(
                    m, None, "io", "not a regular file (a FIFO, socket, device or broken link): skipped")
    elif os.path.exists(p):
        yield Quarantined(p, None, "io", "not a regular file or folder")
    else:
        yield Quarantined(p, None, "missing", "no such file or folder")


def _files(paths: list[str], out_dir=None) -> Iterator[str | Quarantined]:
    seen: set[str] = set()
    out = _Output(out_dir)
    for p in paths:
        for item in _expand(os.fspath(p), out):
            if isinstance(item, Quarantined):
                yield item
                continue
            key = item if item == STDIN else os.path.realpath(item)
            if key in seen:
                continue
            seen.add(key)
            yield item


def iter_paths(paths: list[str], *, out_dir=None) -> Iterator[str]:
    """The files :func:`iter_inputs` reads, in the same order, without reading them."""
    return (p for p in _files(paths, out_dir) if not isinstance(p, Quarantined))


def iter_inputs(paths: list[str], *, out_dir=None) -> Iterator[Article | Quarantined]:
    """Articles from files, folders (recursive, sorted, hidden files and *.gold.json
    skipped), glob patterns and "-" (standard input), in the order given; each file is read
    once. Nothing that a build writes to ``out_dir`` is read (see _Output), wherever that
    folder is."""
    for item in _files(paths, out_dir):
        if isinstance(item, Quarantined):
            yield item
        else:
            yield from read_file(item)
