"""crawl/process.remember_host_encodings: Twisted's host conversion, remembered per host, gives
the answers it gives without the cache (IDN, `_`, IPv6, bytes, invalid names)."""

from __future__ import annotations

from twisted.internet.endpoints import HostnameEndpoint

from newscrawl.crawl.process import import_download_handler, remember_host_encodings

HOSTS: list[str | bytes] = [
    "127.0.0.1",
    "static.example-news.co.uk",
    "bücher.example",
    "under_score.example.com",
    "::1",
    "a..b",
    "x" * 300,
    b"bytes.example",
    b"\xff\xfe.example",
]


def test_remembered_host_encodings_are_the_same_answers() -> None:
    import_download_handler()  # Scrapy's IDNA patch, as in a crawl
    convert = HostnameEndpoint.__dict__["_hostAsBytesAndText"].__func__
    plain = getattr(convert, "__wrapped__", convert)
    expected = [plain(host) for host in HOSTS]
    remember_host_encodings()
    remember_host_encodings()  # a second call wraps nothing twice
    cached = HostnameEndpoint.__dict__["_hostAsBytesAndText"].__func__
    assert hasattr(cached, "cache_info")
    assert getattr(cached, "__wrapped__", None) is plain
    for _ in range(2):
        assert [HostnameEndpoint._hostAsBytesAndText(host) for host in HOSTS] == expected
    assert cached.cache_info().hits >= len(HOSTS)
    endpoint = HostnameEndpoint(None, "bücher.example", 80)
    assert endpoint._hostBytes == b"xn--bcher-kva.example"
