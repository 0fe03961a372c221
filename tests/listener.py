"""A real TCP listener on 127.0.0.1 for the tests: counts the connections it accepts and hands
each to ``handle(conn)`` in a thread of its own (default: close it at once)."""
from __future__ import annotations

import socket
import threading


class Listener:
    def __init__(self, handle=None):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.hits = 0
        self.stopped = threading.Event()
        self._handle = handle or (lambda conn: conn.close())
        self._t = threading.Thread(target=self._accept, daemon=True)
        self._t.start()

    def _accept(self):
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.hits += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def close(self):
        self.stopped.set()
        self._t.join()
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
