"""The crawl's processes kept small: malloc told to hand freed memory back, and two optional
imports that serve only types newscrawl never uses kept out.

A crawl's peak memory is summed over its processes (the crawl and its page readers); these are
what each of them can shed without doing less (benchmarks/README.md has the figures).
"""

from __future__ import annotations

import ctypes
import gc
import sys

# mallopt() parameters, from glibc's malloc.h.
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
# Blocks from this size up get their own mapping, unmapped when freed: page bodies, decoded
# pages and parsed trees are mostly larger, and come and go with every page.
_THRESHOLD = 128 * 1024

# Imported by libraries, when installed, only to support values of their types: sqlite-utils
# maps numpy's scalar types to columns, itemadapter adapts pydantic models. The crawl archives
# neither; loaded, they are a tenth of the crawl process.
UNUSED_IMPORTS = ("numpy", "pydantic")


def tune_malloc() -> bool:
    """Fix glibc's mmap threshold (and trim threshold) at 128 KiB; whether it applied (glibc only).

    By default glibc raises its mmap threshold to the size of each mapped block freed (up to
    32 MiB), so after the first few pages every body and tree is carved from the heap instead,
    and the heap only grows: a crawl process's memory crept up with every page it handled."""
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library this interpreter runs on
    except (OSError, AttributeError):  # not glibc (musl, macOS): its own malloc's defaults
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, _THRESHOLD)) and bool(
        mallopt(_M_TRIM_THRESHOLD, _THRESHOLD)
    )


# Container objects allocated (less those freed) between two young collections of Python's
# cycle collector; Python's default is 700.
GC_YOUNG_THRESHOLD = 5000


def tune_gc() -> None:
    """Run the cycle collector's young collections 7x less often, older ones as before.

    A crawl allocates and frees objects by the million (requests, responses, Deferreds,
    parsed pages), nearly all freed by reference counting: at 700 the collector ran ~1.2
    times a page, found almost no cycles, and every tenth run scanned the older objects too.
    Garbage in cycles still goes within 5,000 objects (tests/crawl/test_memory.py)."""
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, older, oldest)


def import_libraries_without_unused() -> list[str]:
    """Import sqlite-utils and itemadapter while `import numpy` and `import pydantic` fail (a
    None entry in sys.modules raises ImportError, which both libraries expect when the package
    is missing); the names that were hidden.

    They are hidden only for those imports: a user's source or pipeline that imports numpy or
    pydantic later gets them as usual."""
    hidden = [name for name in UNUSED_IMPORTS if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # the import system's "not found"
    try:
        import itemadapter  # noqa: F401
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
    return hidden
