"""中国日报网 (cn.chinadaily.com.cn), China Daily's Chinese-language site, Beijing: 中国频道."""

from newscrawl.sources.base import Source

SOURCE = Source(
    id="chinadaily",
    name="中国日报网",
    domains=("cn.chinadaily.com.cn", "china.chinadaily.com.cn", "world.chinadaily.com.cn"),
    categories=("传统媒体", "中国日报网", "中国"),
    author="中国日报网",
    # No feed for the Chinese site was found; its channel pages are the entry points.
    listings=("https://china.chinadaily.com.cn/", "https://world.chinadaily.com.cn/"),
    article_url=r"/a/\d{6}/\d{2}/WS[0-9a-f]{24}\.html$",
    selectors={
        "title": "h1.dabiaoti::text",
        # "来源： 中国日报网 2023-11-17 15:13", local time; the meta publishdate has no time.
        "published": "xpath:normalize-space((//div[@class='fenx'])[1])",
        "authors": "meta[name='author']::attr(content)",
    },
    body="#Content",
    extra={"editor": "meta[name='editor']::attr(content)"},
    timezone="Asia/Shanghai",
    language="zh",
)
