"""Makes tests/helpers.py (and the other shared modules here: nodejs.py, pages.py) importable
from every test folder, whatever pytest's import mode: the folders mirror the package and have no
__init__.py, so only this path makes `from helpers import article` work everywhere."""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = str(Path(__file__).resolve().parent)
if TESTS not in sys.path:
    sys.path.insert(0, TESTS)
