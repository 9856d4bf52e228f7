"""`load_site()`: the content tree as a LocalSite, with every problem found on the way.

Loading never stops at the first bad file: each file that cannot be used becomes
a Problem (path, line, code, message) and is left out, the rest is loaded. The
same tree always gives the same site, in the same order.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from hcsync.config import LANGUAGE, SiteConfig, load_site_config
from hcsync.local.files import CATEGORY_FILE, Found, find_files, read_markdown
from hcsync.local.frontkeys import CATEGORY_KEYS, ROOT_KEYS, TRANSLATION_KEYS, Checker
from hcsync.local.frontmatter import FrontMatterError, Split, split_front_matter
from hcsync.local.languages import ISO_639_1
from hcsync.local.macros import PageMacros, macro_problems
from hcsync.local.model import (
    CategoryText,
    LocalArticle,
    LocalCategory,
    LocalSite,
    LocalTranslation,
)
from hcsync.local.parsecache import ParseCache
from hcsync.local.problem import Problem
from hcsync.local.slugs import folder_name


@dataclass
class _Collected:
    parses: ParseCache
    problems: list[Problem] = field(default_factory=list)
    roots: dict[str, LocalArticle] = field(default_factory=dict)
    translations: dict[str, list[LocalTranslation]] = field(default_factory=dict)
    # With `translation_key:`: each root's value of the key, and the translations that
    # give one (paired in `_attach`, once every root is known).
    root_keys: dict[str, list[str]] = field(default_factory=dict)
    keyed: list[tuple[str, LocalTranslation]] = field(default_factory=list)


def load_site(
    root: Path,
    config: SiteConfig | None = None,
    only: Collection[str] | None = None,
    found: Found | None = None,
    parses: ParseCache | None = None,
) -> LocalSite:
    """The whole tree; with `only`, just those pages (and the roots of named translations).

    `parses`: the cache its pages are parsed through (by default one of its own)."""
    config = config or load_site_config(root)
    found = found or find_files(root, config.ignore)
    seen = _Collected(parses or ParseCache(), problems=list(found.problems))
    # A translation paired by a key may belong to any root: read the whole tree.
    selected = None if only is None or config.translation_key else _with_roots(config, only)
    macros = PageMacros(root, config)
    for rel in found.markdown:
        if selected is None or rel in selected:
            _load_page(root, config, rel, seen, macros)
    folders = {article.category for article in seen.roots.values()}
    categories = _categories(root, config, found.category_files, folders, seen.problems)
    articles = tuple(_attach(seen, config))
    problems = tuple(seen.problems)
    return LocalSite(
        root,
        config,
        categories,
        articles,
        problems,
        found.markdown,
        seen.parses,
        others=found.others,
    )


# -- files and languages -------------------------------------------------------


def _with_roots(config: SiteConfig, paths: Collection[str]) -> set[str]:
    roots = {placement(config, p)[1] for p in paths if p.endswith(".md")}
    return set(paths) | {r for r in roots if r is not None}


def placement(config: SiteConfig, rel: str) -> tuple[str, str | None, str]:
    """(language, root path if a translation else None, category folder) of a file."""
    if config.layout == "directories":
        top, _, inner = rel.partition("/")
        root_path = f"{config.default_language}/{inner}"
        if top == config.default_language:
            return top, None, posixpath.dirname(rel)
        return top, root_path, posixpath.dirname(root_path)
    stem, dot, suffix = rel[:-3].rpartition(".")
    if dot and LANGUAGE.fullmatch(suffix) and (suffix in config.languages or suffix in ISO_639_1):
        return suffix, f"{stem}.md", posixpath.dirname(rel)
    return config.default_language, None, posixpath.dirname(rel)


def _category_depth(config: SiteConfig, folder: str) -> int:
    parts = [p for p in folder.split("/") if p]
    return len(parts) - (1 if config.layout == "directories" else 0)


def _load_page(
    root: Path, config: SiteConfig, rel: str, seen: _Collected, macros: PageMacros
) -> None:
    text, problem = read_markdown(root, rel)
    if problem is not None or text is None:
        seen.problems.append(problem) if problem else None
        return
    try:
        parts = split_front_matter(text, seen.parses)
    except FrontMatterError as exc:
        seen.problems.append(Problem(rel, exc.line, 1, "HC002", str(exc)))
        return
    language, root_path, folder = placement(config, rel)
    expanded = macros.expand(language, parts.body)
    seen.problems.extend(macro_problems(rel, parts.body_line, expanded))
    parts = parts._replace(body=expanded.body)
    check = Checker(rel, key_lines=parts.key_lines)
    if not _placed_well(config, rel, language, folder, check):
        seen.problems.extend(check.problems)
        return
    ignored = config.ignore_keys | {config.translation_key or ""}
    key = _pairing_key(config, parts.meta, check)
    if root_path is None:
        check.unknown_keys(parts.meta, ROOT_KEYS, ignored)
        if key is not None:
            seen.root_keys.setdefault(key, []).append(rel)
        seen.roots[rel] = LocalArticle(
            **_page_fields(config, rel, language, parts, check),
            category=folder,
            subtitle=check.text(parts.meta, "subtitle"),
            remote_id=None if "id" in config.ignore_keys else check.remote_id(parts.meta),
            source=expanded.source,
            digest=page_digest(text, expanded.body),
        )
    else:
        check.unknown_keys(parts.meta, TRANSLATION_KEYS, ignored, "translation ")
        fields = _page_fields(config, rel, language, parts, check)
        translation = LocalTranslation(
            **fields,
            root_path=root_path,
            source=expanded.source,
            digest=page_digest(text, expanded.body),
        )
        if key is not None:
            seen.keyed.append((key, translation))
        else:
            seen.translations.setdefault(root_path, []).append(translation)
    seen.problems.extend(check.problems)


def page_digest(text: str, body: str) -> str:
    """The file as written and the body its snippets made (a snippet's edit changes it)."""
    return hashlib.blake2b(f"{text}\0{body}".encode(), digest_size=6).hexdigest()


def _placed_well(config: SiteConfig, rel: str, language: str, folder: str, check: Checker) -> bool:
    if language != config.default_language and language not in config.languages:
        configured = ", ".join(config.languages) or "none"
        check.add(
            "HC020",
            f"translation into '{language}', which hcsync.yml does not list (languages: {configured}); add it or rename the file",
            line=1,
        )
        return False
    depth = _category_depth(config, folder)
    if depth < 1:
        check.add("HC032", "article outside any category: move it into a category folder", line=1)
        return False
    if depth > 2:
        check.add(
            "HC030",
            "nested deeper than one subcategory (Help.Center allows category/subcategory only): move it up",
            line=1,
        )
        return False
    return True


def _page_fields(
    config: SiteConfig, rel: str, language: str, parts: Split, check: Checker
) -> dict[str, Any]:
    """What a root article and a translation both read from their file."""
    meta = parts.meta
    status = check.status(meta, config.status)
    return {
        "path": rel,
        "language": language,
        "title": (title := check.title(meta)),
        "slug": check.slug(meta, title),
        "seo": check.seo(meta),
        "status": status,
        "body": parts.body,
        "body_line": parts.body_line,
        "unpublished_changes": check.unpublished_changes(meta, status),
    }


def _pairing_key(config: SiteConfig, meta: Mapping[str, Any], check: Checker) -> str | None:
    """The page's value of `translation_key:`, if the tree pairs translations by a key."""
    if config.translation_key is None or meta.get(config.translation_key) is None:
        return None
    return check.text(meta, config.translation_key)


def _pair_by_key(seen: _Collected, config: SiteConfig) -> None:
    """Each keyed translation to the one root article with its key (HC022, HC023 else)."""
    name = config.translation_key
    for key, paths in sorted(seen.root_keys.items()):
        for path in paths[1:]:
            message = f"{name}: '{key}' is also the key of {paths[0]}: a key pairs one article with its translations; make them differ"
            seen.problems.append(Problem(path, 1, 1, "HC023", message))
    for key, translation in seen.keyed:
        roots = seen.root_keys.get(key, [])
        if not roots:
            message = f"{name}: '{key}' pairs this translation with no article in {config.default_language}: give its article the same {name}, or fix this one"
            seen.problems.append(Problem(translation.path, 1, 1, "HC022", message))
            continue
        paired = replace(translation, root_path=roots[0])
        seen.translations.setdefault(roots[0], []).append(paired)


def _one_per_language(
    seen: _Collected, config: SiteConfig, root_path: str, translations: list[LocalTranslation]
) -> dict[str, LocalTranslation]:
    """The root's translation per language; a second one for a language is HC023."""
    by_language: dict[str, LocalTranslation] = {}
    for t in sorted(translations, key=lambda t: (t.language, t.path)):
        first = by_language.setdefault(t.language, t)
        if first is not t:
            message = f"{config.translation_key}: a second '{t.language}' translation of {root_path} (the first is {first.path}): give each article one per language"
            seen.problems.append(Problem(t.path, 1, 1, "HC023", message))
    return by_language


def _attach(seen: _Collected, config: SiteConfig) -> list[LocalArticle]:
    _pair_by_key(seen, config)
    for root_path, translations in sorted(seen.translations.items()):
        article = seen.roots.get(root_path)
        if article is None:
            for t in translations:
                seen.problems.append(
                    Problem(
                        t.path,
                        1,
                        1,
                        "HC021",
                        f"translation without its root article: {root_path} does not exist",
                    )
                )
            continue
        by_language = _one_per_language(seen, config, root_path, translations)
        seen.roots[root_path] = LocalArticle(**{**article.__dict__, "translations": by_language})
    return [seen.roots[path] for path in sorted(seen.roots)]


# -- categories ----------------------------------------------------------------


def _categories(
    root: Path,
    config: SiteConfig,
    category_files: tuple[str, ...],
    folders: set[str],
    problems: list[Problem],
) -> tuple[LocalCategory, ...]:
    """Every folder that holds articles (or a _category.yml), as a category or subcategory."""
    described = {posixpath.dirname(f): f for f in category_files}
    names: set[str] = set()
    for folder in folders | set(described):
        while _category_depth(config, folder) >= 1:
            names.add(folder)
            folder = posixpath.dirname(folder)
    result = []
    for folder in sorted(names):
        depth = _category_depth(config, folder)
        if depth > 2:
            continue
        parent = posixpath.dirname(folder) if depth == 2 else None
        result.append(_category(root, config, folder, parent, described.get(folder), problems))
    problems.extend(_same_names(result, described))
    return tuple(result)


def _same_names(categories: list[LocalCategory], described: Mapping[str, str]) -> list[Problem]:
    """Two folders that would become one category (`a-b` and `a_b`: both "A b")."""
    first: dict[tuple[str | None, str], LocalCategory] = {}
    problems = []
    for category in categories:
        seen = first.setdefault((category.parent, category.name.casefold()), category)
        if seen is not category:
            problems.append(
                Problem(
                    described.get(category.path, f"{category.path}/"),
                    1,
                    1,
                    "HC033",
                    f"folders {seen.path}/ and {category.path}/ both become the category "
                    f"'{category.name}': rename one, or name it in its {CATEGORY_FILE}",
                )
            )
    return problems


def _category(
    root: Path,
    config: SiteConfig,
    folder: str,
    parent: str | None,
    file: str | None,
    problems: list[Problem],
) -> LocalCategory:
    default = LocalCategory(path=folder, name=folder_name(folder), parent=parent)
    if file is None:
        return default
    check = Checker(file, line=1)
    data = _read_category_file(root / file, check)
    if data is None:
        problems.extend(check.problems)
        return default
    check.unknown_keys(data, CATEGORY_KEYS, ())
    category = LocalCategory(
        path=folder,
        name=check.text(data, "name", "HC031") or default.name,
        description=check.text(data, "description", "HC031") or "",
        icon=check.text(data, "icon", "HC031"),
        parent=parent,
        translations=_category_translations(config, data.get("translations"), check),
    )
    problems.extend(check.problems)
    return category


def _read_category_file(path: Path, check: Checker) -> Mapping[str, Any] | None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        check.add("HC031", f"cannot read {CATEGORY_FILE}: {exc}")
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        check.add(
            "HC031",
            f"invalid YAML: {getattr(exc, 'problem', exc)}",
            line=(mark.line + 1) if mark else 1,
        )
        return None
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        check.add(
            "HC031", f"{CATEGORY_FILE} must be a mapping: name, description, icon, translations"
        )
        return None
    return data


def _category_translations(
    config: SiteConfig, value: Any, check: Checker
) -> dict[str, CategoryText]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        check.add("HC031", "translations must map a language to {name, description}")
        return {}
    result = {}
    for language, entry in sorted(value.items()):
        if language not in config.languages:
            check.add(
                "HC020", f"category translation into '{language}', which hcsync.yml does not list"
            )
        elif not isinstance(entry, Mapping) or not entry.get("name"):
            check.add("HC031", f"translations.{language} needs a name")
        else:
            result[language] = CategoryText(str(entry["name"]), str(entry.get("description") or ""))
    return result
