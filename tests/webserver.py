"""A static file server for tests: serves a folder under a sub-path, like a GitHub Pages project site."""
from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path


class _Handler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"
    headers_to_add: dict = {}

    def end_headers(self) -> None:
        for k, v in self.headers_to_add.items():
            self.send_header(k, v)
        super().end_headers()

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_sub_path__")
        return super().translate_path("/" + path[len(self.prefix):])

    def log_message(self, *args) -> None:  # keep test output quiet
        pass


@contextlib.contextmanager
def serve(directory: Path, prefix: str = "/pingan/", headers: dict | None = None):
    """Serve ``directory`` at http://127.0.0.1:PORT{prefix} (with extra response ``headers``);
    yields the base URL."""
    handler = type("H", (_Handler,), {"prefix": prefix, "headers_to_add": headers or {}})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{prefix}"
    finally:
        httpd.shutdown()
        httpd.server_close()
