"""Scrapy settings for newscrawl; `scrapy crawl` and the `newscrawl` CLI both load this module."""

from scrapy.settings import default_settings as _scrapy_defaults

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"

# Where the archive lives: archive.db, posts/, images/. The CLI's --data overrides it.
NEWSCRAWL_DATA_DIR = "data"
# Articles per SQLite transaction (one transaction per batch, flushed when the crawl closes).
NEWSCRAWL_BATCH_SIZE = 100
# Keep each archived article page's HTTP exchange (request and response headers, the body as
# Scrapy received it once decompressed) in the archive's `responses` table, for
# `newscrawl export warc`; off by default: it costs a row per new or changed article, the body
# zlib-compressed (its size: benchmarks/README.md). The CLI's --keep-responses turns it on.
NEWSCRAWL_KEEP_RESPONSES = False
# Download body images into <data>/images (False, or --no-images: keep their URLs only).
NEWSCRAWL_IMAGES = True
# Seconds an image or robots.txt request may take (DOWNLOAD_TIMEOUT is for pages): a host that
# fails to connect is marked unreachable once, and its other images fail at once.
NEWSCRAWL_IMAGE_TIMEOUT = 10.0
# Worker processes that read pages (decode, extract): unset, one per core but the crawl's own,
# which reads a page itself when they are all busy; 0 reads in the crawl's own thread only
# (newscrawl/crawl/pool.py).
NEWSCRAWL_READ_PROCESSES = None
# Seconds one page's reading may take (0: no bound): a reader still on a page after that is
# killed and replaced, and the page fails as `read_timeout`. Without reader processes the
# crawl's thread cannot be stopped: a page of more tags than that time's worth fails unread.
NEWSCRAWL_READ_TIMEOUT = 60.0
# Seconds between progress lines.
NEWSCRAWL_PROGRESS_INTERVAL = 10.0
# Log the end-of-crawl summary (the newscrawl CLI turns this off: it prints the summary itself).
NEWSCRAWL_LOG_SUMMARY = True

# Politeness, as shipped; a source overrides any of these in its `crawl_settings`
# (sources/base.py CRAWL_SETTINGS), a `-s NAME=VALUE` overrides both.
# An honest User-Agent that says who crawls and where to reach them: set NEWSCRAWL_CONTACT_URL
# to your own page or mailto: when you crawl sites that are not yours.
NEWSCRAWL_CONTACT_URL = "https://github.com/newscrawl/newscrawl"
USER_AGENT = "newscrawl/0.1 (+{contact}; news archiver)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# The least wait between two requests to one site; AutoThrottle lengthens it when the site
# answers slowly (never beyond AUTOTHROTTLE_MAX_DELAY), aiming at TARGET_CONCURRENCY requests
# in flight per site.
DOWNLOAD_DELAY = 0.0
AUTOTHROTTLE_MAX_DELAY = 30.0
# Each article response yields one item, so there is nothing to run concurrently per response;
# the default (100) only spawns idle tasks that slow every page down.
CONCURRENT_ITEMS = 1
AUTOTHROTTLE_ENABLED = True
# Only until a site's first answer, which sets the delay its latency asks for
# (extensions/throttle.py).
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
# The whole download, not each read: a server dripping bytes forever ends as `timeout`.
DOWNLOAD_TIMEOUT = 30
# On the wire and once decompressed (gzip bombs): a larger page is dropped as `too_large`.
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
# Timeouts, dropped connections and RETRY_HTTP_CODES (429, 5xx) are retried this many times,
# each retry after a wait: what a Retry-After asks, or else NEWSCRAWL_RETRY_BACKOFF seconds
# doubled at each attempt; never more than NEWSCRAWL_RETRY_MAX_DELAY (a server asking for a
# longer pause is not retried in this crawl).
RETRY_TIMES = 2
NEWSCRAWL_RETRY_BACKOFF = 1.0
NEWSCRAWL_RETRY_MAX_DELAY = 60.0
# The spider's errback logs every failure once, with its reason and retry count.
RETRY_GIVE_UP_LOG_LEVEL = "DEBUG"
MEDIA_ALLOW_REDIRECTS = True

# Scrapy's own middlewares, replaced by subclasses at the same places that add waits between
# retries and a named reason for every way a download can end (newscrawl/failures.py).
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newscrawl.downloadermiddlewares.retry.RetryMiddleware": 550,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "newscrawl.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": 590,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "newscrawl.downloadermiddlewares.redirect.RedirectMiddleware": 600,
    # Scrapy's, without decoding every whole page in the crawl's process to find a refresh tag.
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "newscrawl.downloadermiddlewares.metarefresh.MetaRefreshMiddleware": 580,
    # Incremental crawls: an archived article is not fetched again unless due or changed
    # (before robots.txt, so a skip costs nothing); feeds and sitemaps are asked with the
    # last finished crawl's ETag / Last-Modified; robots.txt is reused for a day.
    "newscrawl.downloadermiddlewares.incremental.ArchivedArticleMiddleware": 50,
    "newscrawl.downloadermiddlewares.robotscache.RobotsTxtCacheMiddleware": 560,
    "newscrawl.downloadermiddlewares.incremental.ConditionalEntryMiddleware": 570,
    # Article pages of browser sources to scrapy-playwright (off unless crawl/browser.py's
    # settings are in the crawl): after the skips above, so an archived page costs no browser.
    "newscrawl.downloadermiddlewares.browser.BrowserMiddleware": 580,
    # After robots.txt (which waits for the host's robots.txt) and before retries (which see an
    # exception after it): an unreachable image host is marked once, its other images refused.
    "newscrawl.downloadermiddlewares.deadhosts.DeadHostMiddleware": 585,
    # Refuses requests outside a spider's allowed_domains, which no newscrawl spider sets (its
    # images live on other hosts): it only cost a host check per request.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    # Scrapy's, passing over what has no cookie to send or store (image hosts, cookie-less
    # sites) instead of wrapping each request and response for http.cookiejar; Scrapy's is
    # left out of the base list below.
    "newscrawl.downloadermiddlewares.cookies.CookiesMiddleware": 700,
    # Scrapy's, only when HTTPAUTH_USER / HTTPAUTH_PASS are set: newscrawl's spiders put no
    # credentials in their requests' meta or their own attributes.
    "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,
    "newscrawl.downloadermiddlewares.httpauth.HttpAuthMiddleware": 300,
    # Kept as Scrapy ships them: DownloadTimeoutMiddleware (without it a request waits the
    # download handler's own 10 s, not DOWNLOAD_TIMEOUT), DefaultHeadersMiddleware (Accept,
    # Accept-Language: what a site serves depends on them), UserAgentMiddleware,
    # HttpProxyMiddleware (the http_proxy / https_proxy environment), RobotsTxtMiddleware.
}
# Scrapy imports every class named in DOWNLOADER_MIDDLEWARES, even one set to None, and the
# module of its CookiesMiddleware imports tldextract (requests, urllib3, filelock), which ours
# imports at the first cookie only: so that one is left out of the base list instead.
DOWNLOADER_MIDDLEWARES_BASE = {
    path: order
    for path, order in _scrapy_defaults.DOWNLOADER_MIDDLEWARES_BASE.items()
    if path != "scrapy.downloadermiddlewares.cookies.CookiesMiddleware"
}
# Scrapy's stats, counted without a deprecation check around every counter call.
STATS_CLASS = "newscrawl.statscollectors.PlainStatsCollector"
# Scrapy's downloader/* request and response counts and byte sizes (each request serialized
# to count its bytes): no summary, progress line or run row reads them.
DOWNLOADER_STATS = False
# Seconds a rendered page may take to load and show its article (each wait, bounded).
NEWSCRAWL_BROWSER_TIMEOUT = 15.0
# The Chromium to render with (default: `chromium` on the PATH; Playwright's own download is
# never used).
NEWSCRAWL_CHROMIUM = None
# Render every article page in the browser (`newscrawl crawl URL --browser`, `fetch --browser`).
NEWSCRAWL_BROWSER = False

# Requests that are not for an article page (feeds, sitemaps, listings) marked entry points.
SPIDER_MIDDLEWARES = {
    "newscrawl.spidermiddlewares.entrymark.EntryMarkMiddleware": 800,
    # The spiders bound their own link depth (--max-depth, cb_kwargs "depth"), and Scrapy's
    # DEPTH_LIMIT and DEPTH_PRIORITY are unset: DepthMiddleware only counted depths in meta
    # (a crawl given either gets it back: crawl/process.py keep_depth_settings).
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    # Warns about a spider copying Scrapy's internal meta keys into new requests: newscrawl's
    # spiders build each request's meta themselves (tests/spiders).
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
    # Kept: HttpErrorMiddleware (no error page reaches a callback), UrlLengthMiddleware (a
    # URL over URLLENGTH_LIMIT, as crawler traps grow them, is dropped), RefererMiddleware
    # (Scrapy's RedirectMiddleware asks it for the Referer of each redirected request).
}

ITEM_PIPELINES = {
    # 1. Whitespace, title bounds, aware UTC dates: every later stage sees clean values.
    "newscrawl.pipelines.normalize.NormalizePipeline": 100,
    # 2. nh3 on the body; inert markup is kept byte for byte (FORMAT.md).
    "newscrawl.pipelines.sanitize.SanitizePipeline": 200,
    # 3. Drop, with a logged reason, what is not an article: after sanitizing, so a body
    #    that was nothing but script counts as empty.
    "newscrawl.pipelines.validate.ValidatePipeline": 300,
    # 4. Scrapy's ImagesPipeline downloads body images; a failed image never drops an article.
    "newscrawl.pipelines.images.ArticleImagesPipeline": 400,
    # 5. Post file (atomic, unchanged ones untouched) and SQLite archive row (batched).
    "newscrawl.pipelines.export.ExportPipeline": 500,
}

EXTENSIONS = {
    # `scrapy crawl` takes the data directory's lock as `newscrawl crawl` does: first of all.
    "newscrawl.extensions.lock.DataDirLock": -1000,
    "newscrawl.extensions.progress.Progress": 500,
    # A `crawl_runs` row per crawl; the JOBDIR kept after Ctrl-C, discarded after a kill.
    "newscrawl.extensions.runs.CrawlRuns": 510,
    "newscrawl.extensions.resume.JobdirGuard": 0,
}
# Two of Scrapy's extensions are left out of the base list itself, not disabled in EXTENSIONS:
# - RemoteControl, Scrapy 2.19's HTTP server that runs Python code sent to it: no archiver run by
#   cron should listen for code;
# - TelnetConsole: an archiver run by cron needs no open port.
# Scrapy imports every class named in EXTENSIONS, even one set to None, and RemoteControl's module
# imports aiohttp's web server: a large share of what a scheduled run of an unchanged source
# costs, which is mostly start-up (benchmarks/README.md). To debug with the telnet console:
#   scrapy crawl ... -s 'EXTENSIONS={"scrapy.extensions.telnet.TelnetConsole": 0}' \
#       -s TELNETCONSOLE_ENABLED=1
# AutoThrottle is replaced at its place by a subclass that leaves out of each latency the time
# the crawl's own thread held the response back (extensions/throttle.py).
_THROTTLE = "newscrawl.extensions.throttle.StallAwareAutoThrottle"
_REPLACED_EXTENSIONS = {"scrapy.extensions.throttle.AutoThrottle": _THROTTLE}
EXTENSIONS_BASE = {
    _REPLACED_EXTENSIONS.get(path, path): order
    for path, order in _scrapy_defaults.EXTENSIONS_BASE.items()
    if path
    not in {
        "scrapy.extensions.remote_control.RemoteControl",
        "scrapy.extensions.telnet.TelnetConsole",
    }
}
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False
# The post categories (L1, L2, L3) of pages no source declares, `{site}` being the site's name
# (L2 and L3 become the page's own site name and section when it states them). A list, or a
# comma-separated text on the command line: --set NEWSCRAWL_DEFAULT_CATEGORIES=News,{site},Web
NEWSCRAWL_DEFAULT_CATEGORIES = ["网页", "{site}", "文章"]
# NEWSCRAWL_REFRESH: fetch archived articles and entry points again, unconditionally.
NEWSCRAWL_REFRESH = False

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
# Scrapy's, without building the "Crawled" and "Scraped from" DEBUG lines of every response
# and item when LOG_LEVEL is above DEBUG (they were made, then dropped by the log handler).
LOG_FORMATTER = "newscrawl.logformatter.QuietLogFormatter"

# Crawling on several machines (newscrawl worker / ingest / cluster; README "Running on several
# machines"). The CLI's --redis, --files-store, --lease, ... set these.
REDIS_URL = None  # redis://host:6379/0
NEWSCRAWL_REDIS_PREFIX = "newscrawl:"
# Set by `newscrawl worker` (crawl/redis/worker.py): this crawl is a cluster worker's, which sends
# its articles to the ingest and archives none itself (its progress lines and summary say so).
NEWSCRAWL_REDIS_WORKER = False
# A frontier entry leased to a worker that neither finished nor renewed it for this long is
# handed to another; None: DOWNLOAD_TIMEOUT x (RETRY_TIMES + 1) + 60 s.
NEWSCRAWL_REDIS_LEASE = None
NEWSCRAWL_REDIS_MAX_DELIVERIES = 5  # then the entry is a dead letter (newscrawl cluster dead)
NEWSCRAWL_REDIS_SEEN_WINDOW = 7 * 86400  # seconds a request fingerprint is remembered in Redis
# Each worker writes its counts (sent, failed by reason, ...) to Redis this often, for `newscrawl
# cluster status`; they are kept this long after its last write (an ended worker's included).
NEWSCRAWL_REDIS_COUNTS_INTERVAL = 5.0
NEWSCRAWL_REDIS_COUNTS_KEPT = 86400
# Requests in flight to one site from the whole cluster; None: CONCURRENT_REQUESTS_PER_DOMAIN.
NEWSCRAWL_CLUSTER_CONCURRENCY_PER_DOMAIN = None
# Where workers store images: a shared directory or s3://...; None: <data>/images.
NEWSCRAWL_FILES_STORE = None
