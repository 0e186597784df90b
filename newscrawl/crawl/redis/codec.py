"""Requests as JSON for the frontier (Scrapy's request_to_dict / request_from_dict), never
pickle: an entry names a spider method and carries data, so whoever can write to Redis cannot
make a worker run code of their choosing."""

from __future__ import annotations

import base64
import json
from dataclasses import asdict, fields
from datetime import datetime
from typing import Any

from scrapy import Request
from scrapy.utils.request import request_from_dict

from newscrawl.extract.feed import FeedEntry

# Only plain values cross Redis; meta keys a worker sets for itself (leases, parents) stay.
LOCAL_META = ("newscrawl_ticket", "newscrawl_parent", "download_slot", "download_latency")
_ALLOWED = {"url", "callback", "errback", "method", "headers", "body", "cookies", "meta",
            "encoding", "priority", "dont_filter", "cb_kwargs", "flags"}  # fmt: skip


class MalformedEntryError(ValueError):
    """A frontier entry that is not a request this spider can run."""


def encode_request(request: Request, spider: Any) -> str:
    data = request.replace(callback=None, errback=None).to_dict()
    data["callback"] = _method_name(spider, request.callback)
    data["errback"] = _method_name(spider, request.errback)
    if "_class" in data:
        raise MalformedEntryError(f"only plain Requests cross Redis, not {data['_class']}")
    data["meta"] = {k: v for k, v in data.get("meta", {}).items() if k not in LOCAL_META}
    data["body"] = base64.b64encode(data.get("body") or b"").decode()
    data["headers"] = {
        _text(name): [_text(v) for v in values] for name, values in data.get("headers", {}).items()
    }
    return json.dumps(data, default=_plain, ensure_ascii=False, separators=(",", ":"))


def decode_request(payload: bytes | str, spider: Any) -> Request:
    """The request an entry describes; MalformedEntryError for anything else."""
    try:
        data = {
            k: v for k, v in request_data(payload).items() if k in _ALLOWED
        }  # no `_class`: nothing imported
        data["body"] = base64.b64decode(data.get("body") or "")
        data["headers"] = {
            k: [v.encode("latin-1") for v in vs] for k, vs in data.get("headers", {}).items()
        }
        return request_from_dict(data, spider=spider)
    except MalformedEntryError:
        raise
    except (ValueError, TypeError, AttributeError, KeyError, UnicodeError) as error:
        raise MalformedEntryError(f"{type(error).__name__}: {error}") from error


def request_data(payload: bytes | str) -> dict[str, Any]:
    """An entry's request as plain data (its url a string); MalformedEntryError for anything
    else. Whoever needs only its URL and meta reads this, not a Request."""
    try:
        data = json.loads(payload, object_hook=_revive)
    except (ValueError, TypeError, KeyError) as error:
        raise MalformedEntryError(f"{type(error).__name__}: {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("url"), str):
        raise MalformedEntryError("not a request object")
    if not isinstance(data.get("meta") or {}, dict):
        raise MalformedEntryError("its meta is not an object")
    return data


def _method_name(spider: Any, method: Any) -> str | None:
    """The name of the spider method `method` is, or MalformedEntryError."""
    if method is None:
        return None
    name = getattr(method, "__name__", "")
    if getattr(method, "__self__", None) is spider and getattr(spider, name, None) == method:
        return str(name)
    raise MalformedEntryError(f"{method!r} is not a method of the spider: it cannot cross Redis")


def _text(value: bytes | str) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


def _plain(value: Any) -> Any:
    if isinstance(value, FeedEntry):
        return {
            "__feed_entry__": {
                k: _plain(v) if isinstance(v, datetime) else v for k, v in asdict(value).items()
            }
        }
    if isinstance(value, datetime):
        return {"__datetime__": value.isoformat()}
    if isinstance(value, bytes):
        return {"__bytes__": base64.b64encode(value).decode()}
    if isinstance(value, (set, tuple)):
        return list(value)
    raise TypeError(f"{type(value).__name__} cannot cross Redis")


_FEED_FIELDS = {f.name for f in fields(FeedEntry)}


def _revive(obj: dict[str, Any]) -> Any:
    if "__datetime__" in obj:
        return datetime.fromisoformat(obj["__datetime__"])
    if "__bytes__" in obj:
        return base64.b64decode(obj["__bytes__"])
    if "__feed_entry__" in obj:
        values = obj["__feed_entry__"]
        return FeedEntry(**{k: v for k, v in values.items() if k in _FEED_FIELDS})
    return obj
