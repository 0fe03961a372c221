"""An output folder held by one build at a time (kg build and Pipeline.build).

Two builds writing one folder would interleave manifest lines and remove each other's
temporary files: a build holds an advisory lock on OUT/.kg-build.lock for as long as it runs.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

try:
    import fcntl
except ImportError:         # not POSIX: builds are not locked against each other
    fcntl = None

from kg.errors import OutputError

LOCK = ".kg-build.lock"


def prepare_out_dir(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"cannot create the output folder: {e.strerror or e}", source=str(out_dir)) from None
    if not os.access(out_dir, os.W_OK):
        raise OutputError("the output folder is not writable", source=str(out_dir))


@contextmanager
def claimed_out_dir(out_dir: Path) -> Iterator[None]:
    """Create the output folder and hold it for this build: two builds writing one folder
    would interleave manifest lines and remove each other's temporary files. An advisory
    lock on OUT/.kg-build.lock, released when the process ends however it ends, and the file
    removed when the build ends normally; a second build fails at once with OutputError.
    Stale temporary files of a killed run are removed once the folder is ours."""
    from kg.rdf.io import clean_stale_temps

    prepare_out_dir(out_dir)
    path = out_dir / LOCK
    fd = _lock(path, out_dir)
    try:
        clean_stale_temps(out_dir)
        yield
    finally:
        try:
            path.unlink()       # still holding the lock: no one else can have it
        except OSError:
            pass
        os.close(fd)


def _lock(path: Path, out_dir: Path) -> int:
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as e:
            raise OutputError(f"cannot create the lock file: {e.strerror or e}", source=str(path)) from None
        if fcntl is None:
            return fd
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise OutputError(f"another kg build is writing to this folder (it holds {LOCK}); "
                              "wait for it to finish or choose another --out", source=str(out_dir)) from None
        try:
            if os.fstat(fd).st_ino == os.stat(path).st_ino:
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)    # the previous holder removed the file we locked: lock the new one
