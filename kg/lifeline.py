"""Child processes that die with the kg process that started them (RELIABILITY.md, P1).

A ``kill -9`` of ``kg build`` or ``kg serve`` runs no cleanup code, so their children must
notice on their own that their parent is gone:

* :func:`die_with` (in a worker process): a daemon thread waits for the given process to end
  (a Linux pidfd, else a check twice a second) and then ends this process at once;
* :func:`tied` (for a program started with ``subprocess``): on Linux the program is started
  through a short Python stub that asks the kernel to send it SIGTERM when the starting process
  ends (``PR_SET_PDEATHSIG``), then executes the program in its place.
"""
from __future__ import annotations

import os
import select
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1
_STUB = ("import ctypes, os, signal, sys\n"
         "ctypes.CDLL(None).prctl(%d, signal.SIGTERM)\n"
         "if os.getppid() != int(sys.argv[1]):\n"
         "    sys.exit(1)\n"
         "os.execv(sys.argv[2], sys.argv[2:])\n" % _PR_SET_PDEATHSIG)


def tied(argv: list[str]) -> list[str]:
    """``argv`` made to receive SIGTERM when this process ends (Linux; elsewhere unchanged).

    The kernel ties the child to the *thread* that starts it: start it from a thread that
    lives as long as the child should (the main thread)."""
    if not sys.platform.startswith("linux"):
        return list(argv)
    return [sys.executable, "-S", "-c", _STUB, str(os.getpid()), *argv]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def die_with(pid: int, *, exit_code: int = 1) -> threading.Thread | None:
    """End this process (``os._exit``) as soon as process ``pid`` has ended."""
    if pid == os.getpid():
        return None
    fd = None
    try:
        fd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        if not alive(pid):
            os._exit(exit_code)

    def watch() -> None:
        if fd is not None:
            poller = select.poll()
            poller.register(fd, select.POLLIN)
            while not poller.poll(1000):
                pass
        else:
            while alive(pid):
                time.sleep(0.5)
        os._exit(exit_code)

    t = threading.Thread(target=watch, name="kg-lifeline", daemon=True)
    t.start()
    return t
