"""`hcsync.yml`, the file at the content root that says how the tree maps to a center.

center_id: acme              # HC_CENTER_ID overrides it
default_language: en
languages: [de, fr]          # the additional languages
api_url: https://api.help.center
status: published            # default for articles without `status:`
layout: suffix               # name.de.md beside name.md; or `directories`: en/…, de/…
translation_key: slugEN      # pair a translation with the root article of the same value
                             #   of this front-matter key, not by path (a CMS export)
ignore: ["drafts/**", "*.tmp.md"]
ignore_keys: [draft]         # front-matter keys of another tool, accepted and ignored
check:                       # rule selection, ruff style
  ignore: [HC054]            #   codes never reported
  per-path: {"legacy/**": [HC060]}   # codes not reported for paths matching a glob
variables: {product: Acme}   # {{ product }} in articles (see hcsync/local/macros.py)
variables_by_language: {de: {product: Acme DE}}
templates: true              # force template syntax on or off; by default on with variables
                             #   or a _snippets/ folder, else {{ … }} is published as written
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from hcsync.errors import FatalError
from hcsync.statuses import LocalStatus

CONFIG_NAME = "hcsync.yml"
SNIPPETS = "_snippets"  # the folder of included snippets, at the content root
LAYOUTS = ("suffix", "directories")


STATUSES = tuple(LocalStatus)
_KEYS = {
    "center_id",
    "default_language",
    "languages",
    "api_url",
    "status",
    "layout",
    "ignore",
    "ignore_keys",
    "check",
    "variables",
    "variables_by_language",
    "templates",
    "translation_key",
}
_CHECK_KEYS = ("ignore", "per-path")
RULE_CODE = re.compile(r"^HC\d{3}$")
LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?")  # whole values only: fullmatch


@dataclass(frozen=True)
class CheckSelection:
    """Which problems `check` leaves out: by code everywhere, or by code for a path glob."""

    ignore: frozenset[str] = frozenset()
    per_path: tuple[tuple[str, frozenset[str]], ...] = ()


@dataclass(frozen=True)
class SiteConfig:
    center_id: str | None = None
    default_language: str = "en"
    languages: tuple[str, ...] = ()
    api_url: str | None = None
    status: LocalStatus = LocalStatus.PUBLISHED
    layout: str = "suffix"
    ignore: tuple[str, ...] = ()
    ignore_keys: frozenset[str] = frozenset()
    check: CheckSelection = CheckSelection()
    variables: Mapping[str, Any] = field(default_factory=dict)
    variables_by_language: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    templates: bool = False  # `{{ … }}` and `{% … %}` are hcsync's, not text (see macros.py)
    translation_key: str | None = None  # the front-matter key pairing translations, else paths


def load_site_config(root: Path) -> SiteConfig:
    """Read and validate `hcsync.yml`; any problem is one FatalError naming the fix."""
    path = root / CONFIG_NAME
    if not root.is_dir():
        raise FatalError(f"{root}: not a directory; give the content root (where hcsync.yml is)")
    if not path.is_file():
        raise FatalError(f"{path}: not found; run `hcsync init {root}` to write one")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise FatalError(f"{path}: not valid YAML ({_first_line(exc)})") from None
    return parse_site_config(data or {}, str(path), snippets_folder=(root / SNIPPETS).is_dir())


def parse_site_config(data: Any, origin: str, snippets_folder: bool = False) -> SiteConfig:
    if not isinstance(data, Mapping):
        raise FatalError(f"{origin}: must be a mapping of settings (center_id, languages, …)")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise FatalError(
            f"{origin}: unknown setting '{unknown[0]}'; known: {', '.join(sorted(_KEYS))}"
        )
    variables, by_language = parse_variables(data, origin)
    config = SiteConfig(
        center_id=_optional_str(data, "center_id", origin),
        default_language=_language(data.get("default_language", "en"), origin),
        languages=tuple(_language(x, origin) for x in _list(data, "languages", origin)),
        api_url=_optional_str(data, "api_url", origin),
        status=LocalStatus(_choice(data, "status", STATUSES, origin)),
        layout=_choice(data, "layout", LAYOUTS, origin),
        ignore=tuple(str(x) for x in _list(data, "ignore", origin)),
        ignore_keys=frozenset(str(x) for x in _list(data, "ignore_keys", origin)),
        check=_check_selection(data.get("check") or {}, origin),
        variables=variables,
        variables_by_language=by_language,
        translation_key=_optional_str(data, "translation_key", origin),
        templates=templates_on(
            _optional_bool(data, "templates", origin),
            bool(variables or by_language),
            snippets_folder,
        ),
    )
    if config.default_language in config.languages:
        raise FatalError(
            f"{origin}: languages lists the default language '{config.default_language}'"
        )
    return config


def _check_selection(data: Any, origin: str) -> CheckSelection:
    if not isinstance(data, Mapping) or set(data) - set(_CHECK_KEYS):
        raise FatalError(
            f"{origin}: check must be a mapping of ignore: [codes] and per-path: {{glob: [codes]}}"
        )
    per_path = data.get("per-path") or {}
    if not isinstance(per_path, Mapping):
        raise FatalError(
            f'{origin}: check.per-path must map a glob to codes, like "legacy/**": [HC060]'
        )
    return CheckSelection(
        ignore=_codes(_list(data, "ignore", origin), origin),
        per_path=tuple(
            (str(glob), _codes(codes if isinstance(codes, list) else [codes], origin))
            for glob, codes in per_path.items()
        ),
    )


def _codes(values: list[Any], origin: str) -> frozenset[str]:
    for value in values:
        if not isinstance(value, str) or not RULE_CODE.match(value):
            raise FatalError(f"{origin}: {value!r} is not a check code (like HC054)")
    return frozenset(values)


def _optional_str(data: Mapping[str, Any], key: str, origin: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str | int):
        raise FatalError(f"{origin}: {key} must be a string")
    return None if value is None else str(value)


def _optional_bool(data: Mapping[str, Any], key: str, origin: str) -> bool | None:
    value = data.get(key)
    if value is not None and not isinstance(value, bool):
        raise FatalError(f"{origin}: {key} must be true or false, not {value!r}")
    return value


def _language(value: Any, origin: str) -> str:
    if not isinstance(value, str) or not LANGUAGE.fullmatch(value):
        raise FatalError(f"{origin}: {value!r} is not a language code (like en, de, pt-BR)")
    return value


def _list(data: Mapping[str, Any], key: str, origin: str) -> list[Any]:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise FatalError(f"{origin}: {key} must be a list, like [de, fr]")
    return value


def _choice(data: Mapping[str, Any], key: str, choices: tuple[str, ...], origin: str) -> str:
    value = data.get(key, choices[0])
    if value not in choices:
        raise FatalError(f"{origin}: {key} must be one of {', '.join(choices)}, not {value!r}")
    return str(value)


def _first_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


def templates_on(setting: bool | None, variables: bool, snippets_folder: bool) -> bool:
    """Whether a tree uses template syntax: as `templates:` says, else if it has any to use
    (variables, or a `_snippets/` folder); see hcsync/local/macros.py."""
    return setting if setting is not None else variables or snippets_folder


def parse_variables(data: Mapping[str, Any], origin: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """`variables:` and `variables_by_language:` of hcsync.yml, checked."""
    variables = data.get("variables") or {}
    by_language = data.get("variables_by_language") or {}
    if not isinstance(variables, Mapping):
        raise FatalError(f"{origin}: variables must map names to values, like product: Acme")
    if not isinstance(by_language, Mapping) or not all(
        isinstance(v, Mapping) for v in by_language.values()
    ):
        raise FatalError(
            f"{origin}: variables_by_language must map a language to its variables, like de: {{product: Acme}}"
        )
    return dict(variables), {str(k): dict(v) for k, v in by_language.items()}
