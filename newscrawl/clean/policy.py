"""The sanitizer's policy: which tags, attributes, URL schemes and CSS properties a rebuilt body
keeps (the ones the post format shows), and which elements and attributes count as active."""

from __future__ import annotations


def _words(*lines: str) -> frozenset[str]:
    return frozenset(" ".join(lines).split())


ALLOWED_TAGS = _words(
    "a abbr address article aside b bdi bdo big blockquote br caption center cite code col",
    "colgroup dd del details dfn div dl dt em figcaption figure font footer h1 h2 h3 h4 h5 h6",
    "header hr i img ins kbd li mark ol p picture pre q rp rt ruby s samp section small span",
    "strike strong sub summary sup table tbody td tfoot th thead time tr tt u ul var wbr",
)
_COMMON = {"class", "style", "title", "lang", "dir", "align"}
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": _COMMON,
    "a": {"href", "target", "name"},
    "img": {"src", "alt", "width", "height", "h", "w", "referrerpolicy", "loading"},
    "td": {"colspan", "rowspan", "valign", "width"},
    "th": {"colspan", "rowspan", "valign", "width", "scope"},
    "table": {"border", "cellpadding", "cellspacing", "width", "summary"},
    "col": {"span", "width"},
    "ol": {"start", "type", "reversed"},
    "time": {"datetime"},
    "font": {"color", "size", "face"},
    "blockquote": {"cite"},
    "q": {"cite"},
}
# `data` only so that nh3 hands data: URLs to the attribute filter, which keeps img src images
# alone.
URL_SCHEMES = {"http", "https", "mailto", "tel", "data"}
# What a kept video embed may carry; `sandbox` is always set to EMBED_SANDBOX (scripts run in the
# video host's origin, never ours; no top-level navigation, forms or downloads).
EMBED_ATTRIBUTES = {"src", "width", "height", "title", "allowfullscreen", "frameborder", "loading"}
EMBED_SANDBOX = "allow-scripts allow-same-origin allow-presentation allow-popups"
# CSS properties kept in a rebuilt body's style attributes (layout only; no url()-bearing ones).
STYLE_PROPERTIES = set(
    _words(
        "border border-color border-style border-width color float font-size font-style",
        "font-weight height margin overflow padding text-align text-decoration vertical-align",
        "width",
    )
)

# Elements with behaviour (script, navigation, forms, foreign content, raw-text parsing).
ACTIVE_TAGS = _words(
    "applet audio base body button canvas dialog embed form frame frameset head html iframe",
    "image input isindex keygen link listing math meta noembed noframes noscript object",
    "optgroup option param plaintext portal script select slot source style svg template",
    "textarea title track video xmp",
    # legacy or new elements that load or embed something (IE, Netscape, Electron, Chrome)
    "bgsound layer ilayer xml fencedframe webview",
)
# Elements whose content a browser reads as raw text, never as markup.
RAW_TEXT_TAGS = _words("script style noscript noembed noframes xmp iframe textarea title")
URL_ATTRIBUTES = _words(
    "action archive background cite codebase data dynsrc formaction href icon longdesc lowsrc",
    "manifest ping poster profile src srcset usemap",
)
