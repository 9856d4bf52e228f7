"""An article's line in `hcsync.lock` version 4: version 3's entry in fewer bytes.

`lockfile.compact` leaves out what the rest of a line tells (version 3); `pack` then
writes what is left under short keys, and `unpack` gives back exactly what `pack`
was given. A value the short form cannot hold stays under its version-3 key, so any
entry packs. A line tells only of itself — nothing in it depends on another line —
so an apply of one article still changes only that article's line. The keys:

    h     "sent stored canonical [digest]": the content hashes, stored `=` when as sent,
          `-` none; then, if recorded, the file digest `sent` was made from
    at    updated_at in ISO 8601's basic form (20261202T134741.686Z)
    v     the root's source versions, oldest first, each "hash date"
    base  in a translation: "own", or "own root date" when it was written against
          another root version than the latest (`translation_bases` for the rest)

In a translation, `at` is left out when it is the article's, and a slug when it is
`<article slug>-<language>`. A date of the article's day (its `at`) is written
`T…`, without the day.
"""

from __future__ import annotations

import re
from typing import Any

_STAMP = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d(?:\.\d+)?)Z")
_BASIC = re.compile(r"(\d{8})?T(\d{6}(?:\.\d+)?)Z")
_WORD = re.compile(r"\S+")
_NONE, _AS_SENT = "-", "="  # in `h`: no hash; the stored hash is the sent one
_ABSENT = object()
_HASHES = ("sent", "stored", "canonical")


def short_stamp(value: Any, day: str | None = None) -> str | None:
    """`2026-12-02T13:47:41.686Z` as `20261202T134741.686Z`, as `T134741.686Z` when of
    `day` (`20261202`); None when `value` has another shape."""
    match = _STAMP.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    year, month, date, hours, minutes, seconds = match.groups()
    time = f"T{hours}{minutes}{seconds}Z"
    return time if f"{year}{month}{date}" == day else f"{year}{month}{date}{time}"


def long_stamp(text: Any, day: str | None = None) -> str:
    """`short_stamp` undone (a `T…` time takes `day`)."""
    match = _BASIC.fullmatch(text) if isinstance(text, str) else None
    date = None if match is None else match[1] or day
    if match is None or date is None:
        raise ValueError(f"not a date: {text!r}")
    time = match[2]
    return f"{date[:4]}-{date[4:6]}-{date[6:]}T{time[:2]}:{time[2:4]}:{time[4:]}Z"


def _day(value: Any) -> str | None:
    short = short_stamp(value)
    return None if short is None else short[:8]


# -- pack -----------------------------------------------------------------------------


def pack(entry: dict[str, Any]) -> dict[str, Any]:
    """A version-3 article entry (as `compact` gives it) under version 4's keys."""
    out = dict(entry)
    updated, slug = out.get("updated_at"), out.get("slug")
    day = _day(updated)
    _pack_hashes(out)
    _pack_stamp(out, None)
    _pack_versions(out, day)
    bases = dict(out.pop("translation_bases", None) or {})
    if "translations" in out:
        out["translations"] = {
            lang: _pack_translation(dict(page), lang, bases, (updated, slug, day))
            for lang, page in out["translations"].items()
        }
    if bases:
        out["translation_bases"] = bases
    return out


def _pack_hashes(page: dict[str, Any]) -> None:
    sent, stored, canonical = (page.get(key, _ABSENT) for key in _HASHES)
    if sent is _ABSENT and stored is _ABSENT and canonical is _ABSENT:
        return  # nothing was sent
    words = (
        _NONE if sent is _ABSENT else _word(sent),
        _AS_SENT if stored is _ABSENT else _NONE if stored is None else _word(stored),
        _NONE if canonical is _ABSENT else _word(canonical),
    )
    digest = page.get("digest", "")
    if all(words) and (not digest or _word(digest)):
        page["h"] = " ".join([*words, digest] if digest else words)
        for key in (*_HASHES, "digest"):
            page.pop(key, None)


def _word(value: Any) -> str:
    """`value` if a space-separated field can hold it (one word, not a mark), else ""."""
    fits = isinstance(value, str) and _WORD.fullmatch(value) and value not in (_NONE, _AS_SENT)
    return value if fits else ""


def _pack_stamp(page: dict[str, Any], day: str | None) -> None:
    short = short_stamp(page.get("updated_at"), day)
    if short is not None:
        page["at"] = short
        del page["updated_at"]


def _pack_versions(out: dict[str, Any], day: str | None) -> None:
    versions = out.get("root_versions") or []
    words = [(_word(v.get("hash")), short_stamp(v.get("date"), day)) for v in versions]
    if words and all(hash_ and date for hash_, date in words):
        out["v"] = [f"{hash_} {date}" for hash_, date in words]
        del out["root_versions"]


def _pack_translation(
    page: dict[str, Any], lang: str, bases: dict[str, Any], root: tuple[Any, Any, str | None]
) -> dict[str, Any]:
    updated, slug, day = root
    _pack_hashes(page)
    if slug and page.get("slug") == f"{slug}-{lang}":
        del page["slug"]
    elif slug and "slug" not in page:
        page["slug"] = None  # none, though the article's slug would tell one
    if page.get("updated_at") == updated:
        page.pop("updated_at", None)
    elif "updated_at" not in page:
        page["at"] = None  # none, though the article's would be taken
    else:
        _pack_stamp(page, day)
    base = _packed_base(bases.get(lang), day)
    if base:
        page["base"] = base
        del bases[lang]
    return page


def _packed_base(base: Any, day: str | None) -> str:
    if not isinstance(base, dict) or not _word(base.get("own")):
        return ""
    if base.keys() == {"own"}:
        return str(base["own"])
    date = short_stamp(base.get("date"), day)
    if base.keys() == {"own", "root", "date"} and _word(base["root"]) and date:
        return f"{base['own']} {base['root']} {date}"
    return ""


# -- unpack ---------------------------------------------------------------------------


def unpack(entry: dict[str, Any]) -> dict[str, Any]:
    """`pack` undone: the entry under version 3's keys (any other shape raises)."""
    out = dict(entry)
    _unpack_hashes(out)
    if "at" in out:
        out["updated_at"] = long_stamp(out.pop("at"))
    root = (out.get("updated_at"), out.get("slug"), _day(out.get("updated_at")))
    if "v" in out:
        out["root_versions"] = [_version(text, root[2]) for text in _list(out.pop("v"))]
    bases = _object(out.get("translation_bases", {}))
    if "translations" in out:
        out["translations"] = {
            lang: _unpacked_translation(_object(page), lang, bases, root)
            for lang, page in _object(out["translations"]).items()
        }
    if bases:
        out["translation_bases"] = bases
    return out


def _unpack_hashes(page: dict[str, Any]) -> None:
    if "h" not in page:
        return
    sent, stored, canonical, *digest = _words(page.pop("h"), 3, 4)
    if digest:
        page["digest"] = digest[0]
    if sent != _NONE:
        page["sent"] = sent
    if stored == _NONE:
        page["stored"] = None
    elif stored != _AS_SENT:
        page["stored"] = stored
    if canonical != _NONE:
        page["canonical"] = canonical


def _version(text: Any, day: str | None) -> dict[str, str]:
    hash_, date = _words(text, 2)
    return {"hash": hash_, "date": long_stamp(date, day)}


def _unpacked_translation(
    page: dict[str, Any], lang: str, bases: dict[str, Any], root: tuple[Any, Any, str | None]
) -> dict[str, Any]:
    updated, slug, day = root
    _unpack_hashes(page)
    if slug and "slug" not in page:
        page["slug"] = f"{slug}-{lang}"
    elif slug and page["slug"] is None:
        del page["slug"]
    if "at" in page:
        at = page.pop("at")
        if at is not None:
            page["updated_at"] = long_stamp(at, day)
    elif "updated_at" not in page and updated is not None:
        page["updated_at"] = updated
    if "base" in page:
        words = _words(page.pop("base"), 1, 3)
        base = {"own": words[0]}
        if len(words) == 3:
            base |= {"root": words[1], "date": long_stamp(words[2], day)}
        bases[lang] = base
    return page


def _words(text: Any, *counts: int) -> list[str]:
    words = text.split(" ") if isinstance(text, str) else []
    if len(words) not in counts or not all(words):
        raise ValueError(f"expected {' or '.join(map(str, counts))} words: {text!r}")
    return words


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list, found {type(value).__name__}")
    return value


def _object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"expected an object, found {type(value).__name__}")
    return dict(value)
