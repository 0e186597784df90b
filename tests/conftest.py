"""Makes tests/helpers.py and the test site's builder (tests/site/build.py) importable from every
test folder, whatever pytest's import mode: the folders mirror the package and have no
__init__.py, so only these paths make `from helpers import article` work everywhere."""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
for folder in (TESTS, TESTS / "site"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
