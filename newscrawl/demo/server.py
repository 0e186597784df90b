"""A small local HTTP server for the demo site and tests: static files, `{{BASE}}`, fault routes.

Files under the root are served with `{{BASE}}` in `.xml`/`.htm`/`.html` bodies replaced by the
server's base URL (bytes, so GBK pages stay GBK). Pages whose name contains `.gbk.` or that are
listed in the root's `nocharset.txt` get `text/html` without a charset, as some sites do.
Fault routes: `/_status/<code>`, `/_slow/<seconds>`, `/_reset` (connection dropped, no reply).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import html
import socket
import struct
import threading
from collections.abc import Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

PLACEHOLDER = b"{{BASE}}"
SLOW_LIMIT = 60.0  # seconds; /_slow never holds a thread longer than this
_HTML = "text/html; charset=utf-8"
_TYPES = {
    ".xml": "application/rss+xml",
    ".htm": _HTML,
    ".html": _HTML,
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
}
_SUBSTITUTED = {".xml", ".htm", ".html"}


def default_site() -> Path:
    """The bundled demo site (package data)."""
    return Path(__file__).resolve().parent / "site"


class SiteServer:
    """A running server for the files under `root`; stop it with `.stop()` or `with`."""

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 0) -> None:
        self.root = root.resolve()
        if not self.root.is_dir():
            raise NotADirectoryError(str(root))
        self.hits: collections.Counter[str] = collections.Counter()
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._nocharset = _read_nocharset(self.root / "nocharset.txt")
        self._httpd = _HTTPServer((host, port), self)
        bound_host, bound_port = self._httpd.server_address[:2]
        self.base_url = f"http://{bound_host!s}:{bound_port}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},  # how long stop() may wait for the loop to notice
            name=f"site-server-{bound_port}",
            daemon=True,
        )
        self._thread.start()

    def url(self, path: str = "/") -> str:
        """The absolute URL of `path` on this server."""
        return f"{self.base_url}/{path.lstrip('/')}"

    def stop(self) -> None:
        """Stop serving and close the socket; slow requests in progress end at once."""
        if self.stopping.is_set():
            return
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def count(self, path: str) -> None:
        with self._lock:
            self.hits[path] += 1

    def resolve(self, path: str) -> Path | None:
        """The file a URL path names, or None when it would leave the root."""
        parts = [p for p in unquote(path).split("/") if p not in ("", ".")]
        if any(p == ".." or "\\" in p or "\0" in p for p in parts):
            return None
        target = self.root.joinpath(*parts)
        try:
            real = target.resolve()
        except (OSError, RuntimeError):
            return None
        if not real.is_relative_to(self.root):
            return None
        return real / "index.html" if real.is_dir() else real

    def content_type(self, file: Path) -> str:
        suffix = file.suffix.lower()
        if suffix in (".htm", ".html") and (
            ".gbk." in file.name or file.relative_to(self.root).as_posix() in self._nocharset
        ):
            return "text/html"
        return _TYPES.get(suffix, "application/octet-stream")

    def __enter__(self) -> SiteServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def serve_site(root: Path, host: str = "127.0.0.1", port: int = 0) -> SiteServer:
    """Serve `root` on a background thread (port 0: any free port) and return the server."""
    return SiteServer(root, host, port)


def _read_nocharset(path: Path) -> frozenset[str]:
    if not path.is_file():
        return frozenset()
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(line.lstrip("/") for line in lines if line and not line.startswith("#"))


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # stop() must not wait for a client stuck on /_slow

    def __init__(self, address: tuple[str, int], site: SiteServer) -> None:
        self.site = site
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up early (timeouts) are expected; log nothing."""


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    server_version = "newscrawl-demo/1"

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests and the demo read `.hits` instead."""

    def _respond(self, send_body: bool) -> None:
        site = self.server.site
        path = urlsplit(self.path).path
        site.count(path)
        route, _, arg = path.lstrip("/").partition("/")
        if route == "_status":
            code = int(arg) if arg.isdigit() else 0
            if not 200 <= code <= 599:
                code = HTTPStatus.BAD_REQUEST
            self._page(code, send_body)
        elif route == "_slow":
            site.stopping.wait(min(_seconds(arg), SLOW_LIMIT))
            self._page(HTTPStatus.OK, send_body)
        elif route == "_reset":
            self._reset()
        else:
            self._file(path, send_body)

    def _file(self, path: str, send_body: bool) -> None:
        site = self.server.site
        file = site.resolve(path)
        if file is None:
            self._page(HTTPStatus.FORBIDDEN, send_body)
            return
        if not file.is_file():
            self._page(HTTPStatus.NOT_FOUND, send_body)
            return
        data = file.read_bytes()
        if file.suffix.lower() in _SUBSTITUTED:
            data = data.replace(PLACEHOLDER, site.base_url.encode("ascii"))
        self._send(HTTPStatus.OK, site.content_type(file), data, send_body)

    def _page(self, code: int, send_body: bool) -> None:
        phrase = self.responses.get(code, ("Status",))[0]
        text = html.escape(f"{code} {phrase}")
        body = f"<!DOCTYPE html>\n<html><head><title>{text}</title></head>"
        body += f"<body><h1>{text}</h1></body></html>\n"
        no_body = code in (HTTPStatus.NO_CONTENT, HTTPStatus.NOT_MODIFIED)
        self._send(code, _HTML, b"" if no_body else body.encode(), send_body and not no_body)

    def _send(self, code: int, content_type: str, data: bytes, send_body: bool) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if send_body:
            self.wfile.write(data)

    def _reset(self) -> None:
        # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        return 0.0
    return value if value > 0 else 0.0


def main(argv: Sequence[str] | None = None) -> None:
    """`python -m newscrawl.demo.server [ROOT] [--port N]`: serve a site until Ctrl-C."""
    parser = argparse.ArgumentParser(description="Serve the newscrawl demo site locally.")
    parser.add_argument("root", nargs="?", type=Path, default=default_site())
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    with serve_site(args.root, args.host, args.port) as server:
        print(f"serving {server.root} at {server.base_url}/ (feed: {server.url('rss.xml')})")
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
