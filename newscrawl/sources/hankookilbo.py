"""한국일보 (hankookilbo.com), the Seoul national daily, in Korean: the all-news feed."""

from newscrawl.sources.base import Source

SOURCE = Source(
    id="hankookilbo",
    name="한국일보",
    domains=("hankookilbo.com",),
    categories=("传统媒体", "한국일보", "전체기사"),
    author="한국일보",
    feeds=("https://www.hankookilbo.com/rss/all",),
    article_url=r"/(News/Read|news/article)/A\d{19}$",
    selectors={
        "title": "h1.title::text",
        "authors": ".end-body .writer .name strong::text",
        # 입력/수정 in the header show minutes; article:published_time has the seconds.
    },
    # The subheads (h2.sub-tit-ll) open the body; pull quotes repeat the text; captions go.
    body=".end-body .col-main",
    body_drop=(
        "script",
        "style",
        ".module-quote",
        ".editor-img-box .caption",
        ".img-zoomin",
        ".end-ad-container",
    ),
    body_stop=(".writer", ".btn-area"),
    timezone="Asia/Seoul",
    language="ko",
)
