"""A demo-site server that answers every request after a fixed delay and counts how many
requests it is answering at once: the site of the cluster tests and benchmark."""

from __future__ import annotations

import threading
from pathlib import Path

from newscrawl.demo.server import SiteServer, _Handler


class _SlowHandler(_Handler):
    def _respond(self, send_body: bool) -> None:
        site = self.server.site
        assert isinstance(site, SlowSiteServer)
        site.entered()
        try:
            site.stopping.wait(site.delay)
            super()._respond(send_body)
        finally:
            site.left()


class SlowSiteServer(SiteServer):
    """SiteServer whose every answer takes `delay` seconds; `max_in_flight` is the most
    requests it was ever answering at the same time."""

    def __init__(self, root: Path, delay: float, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(root, host, port)
        self.delay = delay
        self.in_flight = self.max_in_flight = 0
        self._flight_lock = threading.Lock()
        self._httpd.RequestHandlerClass = _SlowHandler

    def entered(self) -> None:
        with self._flight_lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def left(self) -> None:
        with self._flight_lock:
            self.in_flight -= 1
