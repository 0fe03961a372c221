"""Bytes -> str, and bounded file reading. Standard library only.

Decoding is UTF-8, or UTF-16 / UTF-32 when (and only when) a byte-order mark says so.
Nothing is guessed: bytes that are not valid in the chosen encoding raise
:class:`kg.errors.DecodeError` naming the byte offset, so the caller can quarantine the
document instead of producing mojibake.
"""
from __future__ import annotations

import gzip
import os
import stat
import zlib

from kg.errors import DecodeError, InputError, InputTooLarge

#: A plain (uncompressed) file larger than this is refused.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: A compressed file that expands beyond this many bytes is refused (decompression bombs).
MAX_DECOMPRESSED_BYTES = 50 * 1024 * 1024

_BOM_UTF8 = b"\xef\xbb\xbf"
_BOM_UTF16 = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}
# UTF-32 first: its little-endian mark begins with UTF-16's (FF FE 00 00)
_BOM_UTF32 = {b"\xff\xfe\x00\x00": "utf-32-le", b"\x00\x00\xfe\xff": "utf-32-be"}
_HINT = "save the file as UTF-8 (a UTF-16 file needs a byte-order mark)"


def decode(data: bytes, source: str) -> str:
    """Decode ``data``: UTF-8 (a leading UTF-8 BOM is dropped) or BOM-marked UTF-16/UTF-32.

    Raises DecodeError ("not valid UTF-8 at byte 1234 ...") for anything else; byte
    offsets count from the start of ``data``, BOM included.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise DecodeError(f"expected bytes, got {type(data).__name__}", source=source)
    data = bytes(data)
    if data[:4] in _BOM_UTF32:
        return _decode(data[4:], _BOM_UTF32[data[:4]], "UTF-32", 4, source)
    bom = data[:2]
    if bom in _BOM_UTF16:
        return _decode(data[2:], _BOM_UTF16[bom], "UTF-16", 2, source)
    skip = 3 if data.startswith(_BOM_UTF8) else 0
    nuls = data.count(0)
    if nuls and nuls * 4 > len(data):
        raise DecodeError(
            f"{nuls} of {len(data)} bytes are NUL (first at byte {data.index(0)}): this looks "
            f"like UTF-16 without a byte-order mark or a binary file; {_HINT}",
            source=source,
        )
    return _decode(data[skip:], "utf-8", "UTF-8", skip, source)


def _decode(data: bytes, codec: str, name: str, shift: int, source: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as e:
        at = e.start + shift
        bad = data[e.start:e.start + 4].hex(" ")
        raise DecodeError(
            f"not valid {name} at byte {at} (bytes {bad}: {e.reason}); {_HINT}", source=source
        ) from None


def file_kind(mode: int) -> str | None:
    """None for a regular file, else what it is ("a FIFO", "a socket", "a device" ...)."""
    if stat.S_ISREG(mode):
        return None
    for test, name in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a regular file"


def open_regular(path: str | os.PathLike, *, source: str | None = None):
    """Open a regular file for reading (binary), or raise InputError without blocking: opening
    a FIFO would wait for a writer forever, reading a device would never end."""
    src = source or os.fspath(path)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        kind = file_kind(os.fstat(fd).st_mode)
        if kind is not None:
            raise InputError(f"{kind}, not a regular file: skipped", source=src)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bytes(path: str | os.PathLike, *, source: str | None = None) -> bytes:
    """Read a whole file; ``*.gz`` is decompressed. Caps: MAX_FILE_BYTES for plain files,
    MAX_DECOMPRESSED_BYTES for the decompressed content (InputTooLarge beyond)."""
    src = source or os.fspath(path)
    try:
        if os.fspath(path).lower().endswith(".gz"):
            cap = MAX_DECOMPRESSED_BYTES
            with open_regular(path, source=src) as raw, gzip.open(raw, "rb") as f:
                data = f.read(cap + 1)
            if len(data) > cap:
                raise InputTooLarge(
                    f"decompresses to more than {cap} bytes (the cap for compressed input)",
                    source=src,
                )
            return data
        cap = MAX_FILE_BYTES
        with open_regular(path, source=src) as f:
            size = os.fstat(f.fileno()).st_size
            if size > cap:
                raise InputTooLarge(f"file has {size} bytes; the cap is {cap}", source=src)
            return f.read(cap + 1)
    except (gzip.BadGzipFile, EOFError, zlib.error) as e:
        raise InputError(f"not a valid gzip file ({e or 'truncated'})", source=src) from None
    except FileNotFoundError:
        raise InputError("no such file", source=src) from None
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", source=src) from None
