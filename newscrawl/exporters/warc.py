"""WARC export of archived HTTP responses: refused while the crawl keeps none."""

from __future__ import annotations

from sqlite_utils import Database

# The table a response-keeping crawl would fill; no crawl writes it yet.
RESPONSES_TABLE = "responses"


class NoResponsesError(RuntimeError):
    """The archive holds no raw HTTP responses, so there is nothing to write as WARC."""


def check_responses(db: Database) -> int:
    """How many archived responses there are; NoResponsesError when there are none."""
    if RESPONSES_TABLE not in db.table_names() or not db.table(RESPONSES_TABLE).count:
        raise NoResponsesError(
            "no archived responses: the crawl stores extracted articles, not the raw HTTP "
            "responses a WARC file is made of, so there is nothing to export as WARC"
        )
    return int(db.table(RESPONSES_TABLE).count)
