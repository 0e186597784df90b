"""Serve the crawl benchmark's site: nginx on 127.0.0.1 with a temporary config, or Python's
http.server when nginx is not installed (the benchmark says which it used)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

NGINX_CONF = """\
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    {access_log}
    types {{ text/html html; application/xml xml; image/jpeg jpg; text/plain txt; }}
    default_type application/octet-stream;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    sendfile on;
    keepalive_requests 10000;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        index index.html;
    }}
}}
"""
ACCESS_LOG = """log_format timeline '$msec $request_time $status $request_uri';
    access_log {path} timeline;"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class SiteServer:
    """A static server of `root` on 127.0.0.1:`port`; `kind` is "nginx" or "python". nginx
    writes `access_log` when given: each request's end (epoch seconds, to the millisecond),
    duration, status and path (benchmarks/crawl_timeline.py)."""

    def __init__(self, root: Path, port: int, tmp: Path, access_log: Path | None = None) -> None:
        self.port = port
        nginx = shutil.which("nginx") or next(
            (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None
        )
        if nginx:
            self.kind = "nginx"
            tmp.mkdir(parents=True, exist_ok=True)
            conf = tmp / "nginx.conf"
            log = ACCESS_LOG.format(path=access_log) if access_log else "access_log off;"
            conf.write_text(
                NGINX_CONF.format(tmp=tmp, port=port, root=root.resolve(), access_log=log)
            )
            command = [nginx, "-c", str(conf), "-p", str(tmp), "-e", str(tmp / "error.log")]
        else:
            self.kind = "python"
            command = [sys.executable, "-m", "http.server", str(port),
                       "--bind", "127.0.0.1", "--directory", str(root)]  # fmt: skip
        self.process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
        _wait_for(port)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def _wait_for(port: int, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"the site server did not listen on 127.0.0.1:{port}")
