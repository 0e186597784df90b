"""A small local HTTP server for the demo site and tests: static files, `{{BASE}}`, fault routes.

Files under the root are served with `{{BASE}}` in `.xml`/`.htm`/`.html` bodies replaced by the
server's base URL (bytes, so GBK pages stay GBK). Pages whose name contains `.gbk.` or that are
listed in the root's `nocharset.txt` get `text/html` without a charset, as some sites do.
Fault routes (a query string is ignored, so `?u=/1/2/3.htm` can make any of them look like an
article link; `<path>` is a file under the root):

- `/_status/<code>`: an error page with that status; `/_empty`: 200 with an empty body
- `/_slow/<seconds>`: the page after a pause; `/_drip/<seconds>`: one byte every `<seconds>`,
  forever (until the client leaves or SLOW_LIMIT)
- `/_reset`: the connection dropped with a RST, no reply
- `/_429/<times>/<retry-after>/<path>`: 429 with `Retry-After` for the first `<times>` requests
  of this URL path, then the file
- `/_type/<type>/<subtype>/<path>`: the file served with that Content-Type
- `/_loop/<n>`: redirects 0 -> 1 -> 0 ...; `/_chain/<n>`: to n + 1, endlessly
- `/_moved/<path>`: a 301 to `/<path>` (an article that moved, an http -> https upgrade)
- `/_big/<MB>`: an HTML page of that many megabytes, streamed without Content-Length;
  `/_big/<MB>/announced`: the same with its Content-Length
- `/_gzip/<MB>`: a gzip bomb: about 1 KB per megabyte on the wire, `<MB>` megabytes decoded
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import functools
import gzip
import hashlib
import html
import socket
import struct
import threading
import time
from collections.abc import Iterator, Sequence
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

PLACEHOLDER = b"{{BASE}}"
SLOW_LIMIT = 60.0  # seconds; /_slow and /_drip never hold a thread longer than this
_MB = 1024 * 1024
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
        self.times: collections.defaultdict[str, list[float]] = collections.defaultdict(list)
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

    def count(self, path: str) -> int:
        """Count a request for `path` (and note when, in `time.monotonic()` seconds); how many
        there have been, this one included."""
        with self._lock:
            self.hits[path] += 1
            self.times[path].append(time.monotonic())
            return self.hits[path]

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
    request_queue_size = 128  # a crawl opens many connections at once; the default 5 drops SYNs

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
        hits = site.count(path)
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
        elif route == "_empty":
            self._send(HTTPStatus.OK, _HTML, b"", send_body)
        elif route == "_drip":
            self._drip(_seconds(arg) or 1.0, send_body)
        elif route == "_429":
            self._too_many(hits, arg, send_body)
        elif route == "_type":
            kind, subtype, rest = _fields(arg, 3)
            self._file("/" + rest, send_body, f"{kind}/{subtype}")
        elif route in ("_loop", "_chain"):
            self._redirect(route, arg)
        elif route == "_moved":
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", "/" + arg)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif route == "_big":
            size, mode = _fields(arg, 2)
            self._big(_megabytes(size), mode == "announced", send_body)
        elif route == "_gzip":
            self._gzip_bomb(_megabytes(arg), send_body)
        else:
            self._file(path, send_body)

    def _file(self, path: str, send_body: bool, content_type: str | None = None) -> None:
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
        # Validators as a real server sends them; a matching If-None-Match gets a bodiless 304.
        etag = '"' + hashlib.sha256(data).hexdigest()[:20] + '"'
        validators = [
            ("ETag", etag),
            ("Last-Modified", formatdate(file.stat().st_mtime, usegmt=True)),
        ]
        if etag in (self.headers.get("If-None-Match") or "").replace(" ", "").split(","):
            self._send(
                HTTPStatus.NOT_MODIFIED,
                content_type or site.content_type(file),
                b"",
                False,
                validators,
            )
            return
        self._send(
            HTTPStatus.OK, content_type or site.content_type(file), data, send_body, validators
        )

    def _page(self, code: int, send_body: bool) -> None:
        phrase = self.responses.get(code, ("Status",))[0]
        text = html.escape(f"{code} {phrase}")
        body = f"<!DOCTYPE html>\n<html><head><title>{text}</title></head>"
        body += f"<body><h1>{text}</h1></body></html>\n"
        no_body = code in (HTTPStatus.NO_CONTENT, HTTPStatus.NOT_MODIFIED)
        self._send(code, _HTML, b"" if no_body else body.encode(), send_body and not no_body)

    def _send(
        self,
        code: int,
        content_type: str,
        data: bytes,
        send_body: bool,
        headers: Sequence[tuple[str, str]] = (),
    ) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(data)

    def _too_many(self, hits: int, arg: str, send_body: bool) -> None:
        times, retry_after, rest = _fields(arg, 3)
        if hits > (int(times) if times.isdigit() else 0):
            self._file("/" + rest, send_body)
            return
        body = b"<!DOCTYPE html><title>429 Too Many Requests</title>\n"
        headers = [("Retry-After", retry_after)]
        self._send(HTTPStatus.TOO_MANY_REQUESTS, _HTML, body, send_body, headers)

    def _redirect(self, route: str, arg: str) -> None:
        step = int(arg) + 1 if arg.isdigit() else 1
        query = urlsplit(self.path).query
        target = f"/{route}/{step % 2 if route == '_loop' else step}"
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", target + (f"?{query}" if query else ""))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _stream(self, chunks: Iterator[bytes], length: int | None = None) -> None:
        """A body sent until the client leaves; without a length, ended by closing."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", _HTML)
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()
        self.close_connection = True
        with contextlib.suppress(OSError):  # the client hung up: the point of these routes
            for chunk in chunks:
                self.wfile.write(chunk)

    def _drip(self, interval: float, send_body: bool) -> None:
        def drip() -> Iterator[bytes]:
            yield b"<!DOCTYPE html><html><body>"
            deadline = time.monotonic() + SLOW_LIMIT
            while time.monotonic() < deadline and not self.server.site.stopping.wait(interval):
                yield b"."

        self._stream(drip() if send_body else iter(()))

    def _big(self, megabytes: int, announced: bool, send_body: bool) -> None:
        block = (b"<p>" + b"x" * 1019 + b"</p>\n") * 64  # 64 KiB

        def page() -> Iterator[bytes]:
            for _ in range(megabytes * 16):
                yield block

        self._stream(page() if send_body else iter(()), megabytes * _MB if announced else None)

    def _gzip_bomb(self, megabytes: int, send_body: bool) -> None:
        headers = [("Content-Encoding", "gzip")]
        self._send(HTTPStatus.OK, _HTML, _gzip_bomb(megabytes), send_body, headers)

    def _reset(self) -> None:
        # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()


@functools.cache
def _gzip_bomb(megabytes: int) -> bytes:
    # A gzip file may hold many members, decoded as one stream: a ~1 KB member of 1 MB of
    # spaces, repeated, makes a bomb of any size without compressing it each time.
    member = gzip.compress(b" " * _MB, compresslevel=9)
    return member * megabytes


def _fields(arg: str, count: int) -> list[str]:
    """`a/b/c/d` -> `[a, b, c/d]` for a count of 3; missing fields are empty."""
    parts = arg.split("/", count - 1)
    return parts + [""] * (count - len(parts))


def _megabytes(text: str) -> int:
    return min(int(text), 4096) if text.isdigit() else 1


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
