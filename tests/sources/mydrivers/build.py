"""Rebuild the 快科技 fixtures from the sample posts (run by hand; the output is committed).

    python tests/sources/mydrivers/build.py [/work/shared/format/posts]

Each sample post becomes `<slug>.post.md` (the sample, byte for byte: the golden output),
`<slug>.html` (a reconstructed article page whose `.news_info` holds the sample's body) and
`<slug>.json` (URL, feed values, expected fields). See README.md for what is invented.
Tests never run this and never read the shared folder.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import replace
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from parsel import Selector

from newscrawl.demo.build_site import (
    AD_SCRIPT,
    BEIJING,
    NO_REFERRER,
    FeedItem,
    Page,
    article_page,
    excerpt,
    furnish,
    local_time,
    post_body,
    rfc822,
    rss_feed,
    strip_referrer,
)

HERE = Path(__file__).resolve().parent
SAMPLES = Path("/work/shared/format/posts")
SITE = "快科技（原驱动之家）"
GBK_SLUG = "excel-bug"
NOTES = {
    "bat-chips": ["the seed sample: a byte-exact copy of the RSSHUB-PAGE file; has a U+00A0"],
    "exchange-bug": ["the body holds a raw `<server FQDN>`, kept as the sample has it"],
    "oil-price": ['the sample\'s img alt is broken markup (`alt 五连降"结束 …"`), kept as is'],
    "iphone-redpacket": ["the img alt reads `iPhone13` without the space the title has"],
}
# Sample file -> slug. Every 快科技 sample is listed; the build fails if one is missing.
SLUGS = {
    '"五连降"结束 今晚国内油价确定上涨了：每吨贵了190元.md': "oil-price",
    '"制冷26℃"和"制热26℃"有啥区别？.md': "aircon-26c",
    "+5℃即穿即暖 网易严选咖啡碳保暖内衣99元：立减70.md": "thermal-underwear",
    "-10°C街头车主实测特斯拉续航 表显里程打62折.md": "tesla-cold",
    "-40℃奔跑如常 最_抗冻_复兴号首次试跑_最东_高铁.md": "fuxing-cold",
    "0016Hz显示无闪烁！TCL华星发布全球首款超低频OLED穿戴设备屏.md": "tcl-oled",
    "00后_汽修女孩_走红 校长：她让大家看到高考之外的另一种可能.md": "auto-repair-girl",
    "014元_片！蓝禾医用外科口罩立减5元：138元包邮.md": "masks",
    "0元抢10台iPhone 13！天猫20点拼手气红包来了：5元起.md": "iphone-redpacket",
    "0糖低卡！雀巢金牌冻干速溶咖啡80g_2瓶6684元探底.md": "nescafe",
    "1+1=4 微软Excel表格出bug：2000到2010版都受影响.md": "excel-bug",
    "2022年开年出大Bug 程序员被害惨：微软修复Exchange服务器故障.md": "exchange-bug",
    "CPU与GPU、VCU的关系 愈加_微妙_.md": "cpu-gpu-vcu",
    "Chrome版本号达100！编号太长导致网站无法识别 谷歌：将进行修复.md": "chrome-100",
    "seed-example.md": "bat-chips",
    "能挖的料不少！告诉你Win11还有啥隐藏功能.md": "win11-hidden",
}


class _FirstImage(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.alt: str | None = None
        self.seen = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img" and not self.seen:
            self.seen, self.alt = True, dict(attrs).get("alt")


def post_title(title: str) -> str:
    """FORMAT.md rule 6."""
    return re.sub(r"[:/\\?*<>|\[\]“”]", "_", title)


def article_number(published: datetime) -> int:
    """An invented, deterministic article number that grows with the Beijing publish time."""
    local = published.astimezone(BEIJING)
    seconds = local.hour * 3600 + local.minute * 60 + local.second
    return 757_000 + (local.date() - date(2021, 6, 1)).days * 210 + seconds * 210 // 86400


def front_matter(post: str, key: str) -> str:
    match = re.search(rf"^{key}: (.*)$", post, re.M)
    if not match:
        raise ValueError(f"no {key}")
    return match[1]


def expected_fields(body: str, title: str, published: datetime) -> dict[str, Any]:
    """The values an extractor should read, taken from the sample body with the source's
    selectors (tags, editor, original source)."""
    sel = Selector(text=f'<div class="news_info">{body}</div>')
    url_spans = sel.css("p.url span")
    editor = next(
        (s.xpath("string()").get(default="") for s in url_spans if "责任编辑" in s.get()), ""
    )
    origin = sel.xpath("//p[@class='url']//span[contains(., '原文链接')]/a")
    fields: dict[str, Any] = {
        "title": title,
        "published": published.isoformat(),
        "editor": editor.split("：", 1)[1].strip(),
        "authors": [editor.split("：", 1)[1].strip()],
    }
    if tags := sel.css(".bqian a::text").getall():
        fields["tags"] = tags  # no tag line: no key (an absent key means "expect none")
    if origin:
        fields["origin_name"] = origin[0].xpath("normalize-space()").get()
        fields["origin_url"] = origin[0].attrib["href"]
    return fields


def page_body(body: str, protocol_relative: bool) -> str:
    body = strip_referrer(body)
    if protocol_relative:
        body = re.sub(r'(<img\b[^>]*\bsrc=")https://', r"\1//", body)
    return body


def check_page(page: str, body: str, meta: dict[str, Any]) -> None:
    """The page gives back what the extractor is promised (a rough stand-in for it)."""
    sel = Selector(text=page)
    expected = meta["expected"]
    assert sel.css(".news_bt h1::text").get() == expected["title"]
    assert sel.css(".news_bt1_left .date::text").get() == local_time(
        datetime.fromisoformat(expected["published"])
    )
    assert sel.css(".news_bt1_left .author a::text").getall() == expected["authors"]
    assert sel.css('link[rel="canonical"]::attr(href)').get() == meta["url"]
    assert sel.css(".news_info .bqian a::text").getall() == expected.get("tags", [])
    inner = page.split('<div class="news_info">', 1)[1].split('<div class="weixin">', 1)[0]
    inner = inner.replace(AD_SCRIPT, "", 1)
    inner = re.sub(r"(<img\b[^>]*)>", rf"\1{NO_REFERRER}>", inner)
    inner = re.sub(r'(<img\b[^>]*\bsrc=")//', r"\1https://", inner)
    assert inner == body, meta["url"]
    assert 'class="weixin"' not in body


def load(samples: Path) -> list[dict[str, Any]]:
    found = sorted(p.name for p in samples.glob("*.md") if f" - {SITE}\n" in p.read_text("utf-8"))
    if found != sorted(SLUGS):
        raise SystemExit(f"samples and SLUGS differ: {set(found) ^ set(SLUGS)}")
    entries: list[dict[str, Any]] = []
    for name, slug in SLUGS.items():
        raw = (samples / name).read_bytes()
        post = raw.decode("utf-8")
        quoted = front_matter(post, "title")
        published = parsedate_to_datetime(front_matter(post, "date"))
        body = post_body(post)
        first = _FirstImage()
        first.feed(body)
        alt = first.alt or ""
        from_alt = bool(alt) and post_title(alt) == quoted[1:-1]
        entries.append(
            {
                "slug": slug,
                "sample": name,
                "raw": raw,
                "body": body,
                "title": alt if from_alt else quoted[1:-1],
                "title_from": "img_alt" if from_alt else "sample_title",
                "published": published,
            }
        )
    entries.sort(key=lambda e: e["published"])
    return entries


def build(samples: Path, out: Path) -> None:
    entries = load(samples)
    for e in entries:
        e["number"] = n = article_number(e["published"])
        e["url"] = f"https://news.mydrivers.com/1/{n // 1000}/{n}.htm"
    numbers = [e["number"] for e in entries]
    assert len(set(numbers)) == len(numbers), "article numbers collide"
    items = [write_article(out, i, entries) for i in range(len(entries))]
    (out / "feed.xml").write_text(rss_feed(items, "https://news.mydrivers.com/"), "utf-8")


def write_article(out: Path, i: int, entries: list[dict[str, Any]]) -> FeedItem:
    """Write entry `i`'s page (and GBK copy), post and JSON; its item in the feed."""
    e = entries[i]
    protocol_relative = i % 2 == 1
    expected = expected_fields(e["body"], e["title"], e["published"])
    meta = {
        "article_number": e["number"],
        "expected": expected,
        "feed_pubdate_rfc822": rfc822(e["published"]),
        "feed_title": e["title"],
        "image_src": "protocol-relative" if protocol_relative else "https",
        "page": f"{e['slug']}.html",
        "post": f"{e['slug']}.post.md",
        "sample": e["sample"],
        "title_from": e["title_from"],
        "url": e["url"],
    }
    page = article_of(e, expected, protocol_relative, related_to(i, entries))
    html = article_page(page)
    check_page(html, e["body"], meta)
    (out / f"{e['slug']}.html").write_text(html, encoding="utf-8")
    (out / f"{e['slug']}.post.md").write_bytes(e["raw"])
    if e["slug"] in NOTES:
        meta["notes"] = NOTES[e["slug"]]
    if e["slug"] == GBK_SLUG:
        meta["gbk_page"] = f"{e['slug']}.gbk.html"
        gbk = article_page(replace(page, charset="gb2312"))
        assert gbk.encode("gbk") == gbk.encode("gb2312"), "not plain GB2312 text"
        (out / meta["gbk_page"]).write_bytes(gbk.encode("gbk"))
    (out / f"{e['slug']}.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8"
    )
    print(e["slug"], e["url"], e["title_from"], meta["image_src"])
    return FeedItem(e["title"], e["url"], e["published"], page.description)


def related_to(i: int, entries: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Up to three other articles (protocol-relative URL, title) for entry `i`'s related list."""
    others = [x for x in entries if x is not entries[i]][i % 3 :: 5][:3]
    return [(x["url"].removeprefix("https:"), x["title"]) for x in others]


def article_of(
    e: dict[str, Any],
    expected: dict[str, Any],
    protocol_relative: bool,
    related: list[tuple[str, str]],
) -> Page:
    """The article page of an entry: the sample's body furnished as the site lays it out."""
    return Page(
        url=e["url"],
        title=e["title"],
        published=e["published"],
        author=expected["authors"][0],
        origin=expected.get("origin_name", "快科技"),
        tags=tuple(expected.get("tags", ())),
        description=excerpt(e["body"]),
        body=furnish(page_body(e["body"], protocol_relative), related),
        number=e["number"],
    )


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLES, HERE)
