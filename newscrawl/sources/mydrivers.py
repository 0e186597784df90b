"""快科技 (news.mydrivers.com), 最新新闻: the first source, as in the sample posts."""

from newscrawl.sources.base import Source

SOURCE = Source(
    id="mydrivers",
    name="快科技（原驱动之家）",
    domains=("news.mydrivers.com", "m.mydrivers.com", "rss.mydrivers.com"),
    categories=("新媒体", "快科技（原驱动之家）", "最新新闻"),
    author="快科技（原驱动之家）",
    feeds=("http://rss.mydrivers.com/rss.aspx?Tid=1",),
    article_url=r"/1/\d+/\d+\.htm",
    selectors={
        "title": ".news_bt h1::text",
        "published": ".news_bt1_left .date::text",
        "authors": ".news_bt1_left .author a::text",
        "tags": ".news_info .bqian a::text",
    },
    body=".news_info",
    # The share box (.weixin) and the related-news blocks after it are page furniture;
    # THE END, the tag line and the editor line before it are kept, as in the samples.
    body_drop=("script", "style"),
    body_stop=(".weixin",),
    extra={
        "editor": "xpath:substring-after(normalize-space("
        "(//div[@class='news_info']//p[@class='url']//span[contains(., '责任编辑')])[1]), '：')",
        "origin_name": "xpath:normalize-space("
        "(//div[@class='news_info']//p[@class='url']//span[contains(., '原文链接')]/a)[1])",
        "origin_url": "xpath:string("
        "(//div[@class='news_info']//p[@class='url']//span[contains(., '原文链接')]/a/@href)[1])",
    },
    feed_fields=("title", "published"),
    timezone="Asia/Shanghai",
    language="zh",
)
