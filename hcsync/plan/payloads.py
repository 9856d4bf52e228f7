"""What an operation sends besides its page's content: one frozen type per kind of payload.

A field that is None is not sent (the client leaves it out of the request), so an
update carries only what changed. `to_json()` writes the fields that are sent, in
the shape the lock's hashes are taken of (`value_hash` of each field, or of them
all): changing that shape would make every recorded hash look changed.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import TypeAlias, TypeVar

from hcsync.local.model import CategoryText, LocalCategory, Page

JsonValue: TypeAlias = str | bool | dict[str, str] | dict[str, dict[str, str]]
P = TypeVar("P", "Metadata", "CategoryFields")


def _only(payload: P, names: Collection[str]) -> P:
    """`payload` with only these fields sent (every other one None: not sent)."""
    if not names:  # most pages of a plan: nothing changed (replace() costs 15 µs)
        return type(payload)()
    return replace(payload, **{f.name: None for f in fields(payload) if f.name not in names})


def _present(**values: JsonValue | None) -> dict[str, JsonValue]:
    return {name: value for name, value in values.items() if value is not None}


@dataclass(frozen=True)
class SeoText:
    title: str = ""
    description: str = ""

    @classmethod
    def of(cls, page: Page) -> SeoText:
        return cls(page.seo.title, page.seo.description)

    @property
    def empty(self) -> bool:
        return not (self.title or self.description)

    def to_json(self) -> dict[str, str]:
        return {"title": self.title, "description": self.description}

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> SeoText:
        return cls(_text(data, "title"), _text(data, "description"))


@dataclass(frozen=True)
class Metadata:
    """An article's or translation's metadata: what a create, update metadata or update
    translation metadata sends (a translation has no category and no subtitle)."""

    category: str | None = None  # the category's folder; apply sends its remote id
    slug: str | None = None
    subtitle: str | None = None
    seo: SeoText | None = None

    def only(self, names: Collection[str]) -> Metadata:
        """These fields, the others not sent."""
        return _only(self, names)

    def __bool__(self) -> bool:
        return bool(self.to_json())

    def to_json(self) -> dict[str, JsonValue]:
        seo = None if self.seo is None else self.seo.to_json()
        return _present(category=self.category, slug=self.slug, subtitle=self.subtitle, seo=seo)

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Metadata:
        seo = data.get("seo")
        return cls(
            category=_optional_text(data, "category"),
            slug=_optional_text(data, "slug"),
            subtitle=_optional_text(data, "subtitle"),
            seo=None if seo is None else SeoText.from_json(_object(seo, "seo")),
        )


@dataclass(frozen=True)
class CategoryFields:
    """What a create category (all of them, `parent` its parent's folder) or an update
    category (those changed) sends."""

    name: str | None = None
    description: str | None = None
    icon: str | None = None
    translations: Mapping[str, CategoryText] | None = field(default=None, hash=False)
    parent: str | None = None  # the parent's folder; never sent as a field (apply sends its id)

    @classmethod
    def of(cls, category: LocalCategory) -> CategoryFields:
        return cls(
            category.name,
            category.description,
            category.icon or None,
            dict(sorted(category.translations.items())),
            category.parent,
        )

    def only(self, names: Collection[str]) -> CategoryFields:
        """These fields, the others not sent."""
        return _only(self, names)

    def wire_translations(self) -> dict[str, dict[str, str]] | None:
        """The translations as the API takes them (and the lock hashes them)."""
        if self.translations is None:
            return None
        items = self.translations.items()
        return {k: {"name": v.name, "description": v.description} for k, v in items}

    def sent(self) -> dict[str, JsonValue]:
        """The fields sent, by name (`parent` is not one): what the lock hashes."""
        return {k: v for k, v in self.to_json().items() if k != "parent"}

    def to_json(self) -> dict[str, JsonValue]:
        return _present(
            name=self.name,
            description=self.description,
            icon=self.icon,
            translations=self.wire_translations(),
            parent=self.parent,
        )

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> CategoryFields:
        translations = data.get("translations")
        return cls(
            _optional_text(data, "name"),
            _optional_text(data, "description"),
            _optional_text(data, "icon"),
            None if translations is None else _category_texts(translations),
            _optional_text(data, "parent"),
        )


@dataclass(frozen=True)
class TranslationDraft:
    """An update translation: `new` when the translation does not exist yet (the server
    then starts it with its default SEO)."""

    new: bool = False

    def to_json(self) -> dict[str, JsonValue]:
        return {"new": True} if self.new else {}

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> TranslationDraft:
        new = data.get("new", False)
        if not isinstance(new, bool):
            raise TypeError(f"'new' is {type(new).__name__}, not a boolean")
        return cls(new)


Payload: TypeAlias = Metadata | CategoryFields | TranslationDraft


# -- reading JSON -----------------------------------------------------------------


def _object(value: object, name: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise TypeError(f"'{name}' is {type(value).__name__}, not an object")
    return value


def _optional_text(data: Mapping[str, object], key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise TypeError(f"'{key}' is {type(value).__name__}, not a string")
    return value


def _text(data: Mapping[str, object], key: str) -> str:
    return _optional_text(data, key) or ""


def _category_texts(value: object) -> dict[str, CategoryText]:
    texts = _object(value, "translations")
    found = {}
    for language, text in texts.items():
        entry = _object(text, language)
        found[language] = CategoryText(_text(entry, "name"), _text(entry, "description"))
    return found
