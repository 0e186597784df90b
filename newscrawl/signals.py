"""newscrawl's own Scrapy signals (sent with crawler.signals.send_catch_log)."""

from __future__ import annotations

# A spider fetched a page and archived nothing from it: `urls` (those asked for, then the one
# answered), `source_id`, and `outcome`, "skipped" (not an article: a tag, video or index
# page) or "dropped" (empty or not HTML). The ExportPipeline records it in `visits`, so that
# the next crawls do not fetch it again before revisits.PASSED_OVER, unless it is listed as
# changed.
page_passed_over = object()
