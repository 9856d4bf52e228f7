"""The checks that need a page's content: links, anchors, images, raw HTML, SEO, duplicates.

Each rule has a code; `docs/check-rules.md` and the README list them all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from hcsync.imagetypes import (
    MAX_IMAGE_BYTES,
    POLYGLOT_SCAN,
    active_svg_content,
    polyglot_markup,
    sniff_image,
)
from hcsync.local.htmlrules import sanitiser_findings
from hcsync.local.model import LocalSite, LocalTranslation, Page
from hcsync.local.parsecache import ParseCache
from hcsync.local.paths import is_inside, is_relative_url, linked_page, resolve_target
from hcsync.local.problem import Problem
from hcsync.local.render import Ref
from hcsync.local.slugs import same_anchor

WARNING_CODES = frozenset({"HC055"})  # image problems that do not stop a sync
# URL schemes the server's sanitiser keeps on a link: ammonia's defaults, as the emulator's
# nh3 keeps them (tests/local/test_real_content.py holds the two together).
KEPT_SCHEMES = frozenset(
    [
        "bitcoin",
        "ftp",
        "ftps",
        "geo",
        "http",
        "https",
        "im",
        "irc",
        "ircs",
        "magnet",
        "mailto",
        "mms",
        "mx",
        "news",
        "nntp",
        "openpgp4fpr",
        "sip",
        "sms",
        "smsto",
        "ssh",
        "tel",
        "url",
        "webcal",
        "wtai",
        "xmpp",
    ]
)
CODE_SCHEMES = frozenset({"javascript", "vbscript", "data", "file"})
SEO_TITLE = (50, 60)
SEO_DESCRIPTION = (150, 160)


def all_pages(site: LocalSite) -> Iterator[Page]:
    for article in site.articles:
        yield article
        yield from article.translations.values()


class AnchorCheck(NamedTuple):
    """A link to `#anchor` in `target`, checked once every page's anchors are known."""

    page: Page
    line: int
    target: str
    anchor: str
    col: int = 1
    # An in-page anchor in raw HTML (as `pull` keeps the server's HTML, e.g. footnotes whose
    # ids the server stripped) is reported as a warning: the page is live like that already.
    severity: str = "error"


class PageRules:
    """The content checks of one page."""

    def __init__(
        self, paths: Collection[str], images: ImageCache, page: Page, parses: ParseCache
    ) -> None:
        self.paths, self.images, self.page = paths, images, page
        self.problems: list[Problem] = []
        self.anchor_checks: list[AnchorCheck] = []
        found = parses.references(page.body)
        self.anchors = found.anchors
        self._found = found

    def run(self) -> list[Problem]:
        for fragment in self._found.html_fragments:
            for finding in sanitiser_findings(fragment.html, (fragment.line, fragment.col)):
                self.add(finding.line, "HC060", finding.message, "warning", finding.col)
        for ref in self._found.refs:
            self._image(ref) if ref.kind == "image" else self._link(ref)
        self._seo()
        return self.problems

    def add(
        self, line: int, code: str, message: str, severity: str = "error", col: int = 1
    ) -> None:
        self.problems.append(problem_at(self.page, line, code, message, severity, col))

    def _link(self, ref: Ref) -> None:
        shown = unquote(ref.target)
        if ref.target == "#":
            self.add(
                ref.line,
                "HC043",
                "link '#' is a placeholder that leads nowhere: link a page or remove the link",
                "warning",
                ref.col,
            )
        elif ref.target.startswith("#"):
            severity = "warning" if ref.in_html else "error"
            self.anchor_checks.append(
                AnchorCheck(self.page, ref.line, self.page.path, ref.target[1:], ref.col, severity)
            )
        elif is_relative_url(ref.target):
            self._page_link(ref, shown)
        else:
            self._scheme(ref)

    def _scheme(self, ref: Ref) -> None:
        """A link the reader will not get as written: empty, or a scheme the server drops."""
        scheme = _scheme_of(ref.target)
        shown = ref.target if len(ref.target) <= 50 else ref.target[:47] + "…"
        if not ref.target.strip():
            message = "link with an empty target: the reader gets a link to this same page; give it a target or remove the link"
            self.add(ref.line, "HC045", message, "warning", ref.col)
        elif ref.kind == "refused":
            message = f"link '{shown}' could run code, so it is not made a link: the reader sees its Markdown as written; link a web page or remove it"
            self.add(ref.line, "HC044", message, "warning", ref.col)
        elif scheme in CODE_SCHEMES:
            message = f"link '{shown}' could run code: the server removes it and the reader gets the link's text, not a link"
            self.add(ref.line, "HC044", message, "warning", ref.col)
        elif scheme and scheme not in KEPT_SCHEMES:
            message = f"link '{shown}': the server drops {scheme}: links (an app's, not a web page), so the reader gets the link's text, not a link; link a web page instead"
            self.add(ref.line, "HC044", message, "warning", ref.col)

    def _page_link(self, ref: Ref, shown: str) -> None:
        path, anchor = resolve_target(self.page.path, ref.target)
        if path is not None:
            root = self.page.root_path if isinstance(self.page, LocalTranslation) else ""
            path = linked_page(self.page.path, root, path, self.paths)
        if path is None:
            self.add(
                ref.line, "HC042", f"link '{shown}' leads outside the content root", col=ref.col
            )
        elif path not in self.paths:
            rooted = (
                " (a path starting with / is read from the content root)"
                if shown[:1] == "/"
                else ""
            )
            self.add(
                ref.line,
                "HC040",
                f"link '{shown}' is not an article of the tree{rooted}; link to a .md article or use a full URL",
                col=ref.col,
            )
        elif anchor:
            self.anchor_checks.append(AnchorCheck(self.page, ref.line, path, anchor, ref.col))

    def _image(self, ref: Ref) -> None:
        decorative = ref.in_html and ref.alt == ""  # alt="" marks a decorative image
        if not ref.alt and not decorative:
            self.add(
                ref.line,
                "HC054",
                f"image '{ref.target}' has no alt text; describe it for screen readers"
                + (' (or alt="" if it is decorative)' if ref.in_html else ""),
                "warning",
                ref.col,
            )
        if not is_relative_url(ref.target):
            return
        path, _ = resolve_target(self.page.path, ref.target)
        problem = self.images.problem(path)
        if problem is not None:
            code, message = problem
            severity = "warning" if code in WARNING_CODES else "error"
            shown = f"image '{unquote(ref.target)}' {message}"
            self.add(ref.line, code, shown, severity, ref.col)

    def _seo(self) -> None:
        seo = self.page.seo
        for value, (low, high), code, name, line in (
            (seo.title, SEO_TITLE, "HC070", "SEO title", seo.title_line),
            (seo.description, SEO_DESCRIPTION, "HC071", "SEO description", seo.description_line),
        ):
            if value and not low <= len(value) <= high:
                message = f"{name} is {len(value)} characters; search engines show {low}–{high}"
                self.problems.append(Problem(self.page.path, line, 1, code, message, "warning"))


def _scheme_of(target: str) -> str:
    try:
        return urlsplit(target.strip()).scheme.lower()
    except ValueError:  # a malformed URL (an unclosed IPv6 bracket): no scheme to judge
        return ""


class ImageCache:
    """What is wrong with each image file, looked at once however often it is used."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._seen: dict[str | None, tuple[str, str] | None] = {}
        self._folders: dict[Path, Path] = {}  # resolved once for all the images in them

    def problem(self, path: str | None) -> tuple[str, str] | None:
        if path not in self._seen:
            self._seen[path] = self._inspect(path)
        return self._seen[path]

    def _inspect(self, path: str | None) -> tuple[str, str] | None:
        file = self.root / path if path is not None else None
        if file is None or not is_inside(self.root, file, self._folders):
            return "HC051", "is outside the content root; copy it into the tree"
        if not file.is_file():
            return "HC050", "does not exist"
        size = file.stat().st_size
        if size > MAX_IMAGE_BYTES:
            return "HC052", f"is {size / 1024 / 1024:.1f} MB; Help.Center takes at most 10 MB"
        with file.open("rb") as handle:
            data = handle.read(POLYGLOT_SCAN)
        kind = sniff_image(data[:2048])
        if kind is None:
            return "HC053", "is not a JPEG, PNG, GIF, WebP or SVG image (judged by its content)"
        if kind == "image/svg+xml":
            active = active_svg_content(file.read_bytes())  # at most 10 MB, checked above
            return (
                ("HC055", f"is an SVG with active content ({active}); remove it")
                if active
                else None
            )
        markup = polyglot_markup(data)
        if markup:
            return (
                "HC053",
                f"is a {kind} that also holds {markup!r} markup (a polyglot); export it again",
            )
        return None


def problem_at(
    page: Page, line: int, code: str, message: str, severity: str = "error", col: int = 1
) -> Problem:
    """A problem on a line of the page's body, placed on the file's line."""
    return Problem(
        page.path, page.body_line + page.source.line(line) - 1, col, code, message, severity
    )


def missing_anchor(check: AnchorCheck, anchors: frozenset[str] | tuple[str, ...]) -> Problem | None:
    """HC041 unless the anchor is there, both compared decoded (`#caf%C3%A9` is `#café`)."""
    anchor = same_anchor(check.anchor)
    if anchor in anchors or anchor in {same_anchor(a) for a in anchors}:
        return None
    where = "this page" if check.target == check.page.path else check.target
    return problem_at(
        check.page,
        check.line,
        "HC041",
        f"anchor '#{anchor}' does not exist in {where}",
        check.severity,
        col=check.col,
    )


def duplicates(facts: Mapping[str, tuple[str, str | None, str | None]]) -> Iterator[Problem]:
    """The same slug for two pages of one language, or the same remote id twice.

    `facts` maps each path, in order, to (language, slug, remote id).
    """
    slugs: dict[tuple[str, str], list[str]] = defaultdict(list)
    ids: dict[str, list[str]] = defaultdict(list)
    for path, (language, slug, remote_id) in facts.items():
        if slug:
            slugs[(language, slug)].append(path)
        if remote_id:
            ids[remote_id].append(path)
    for (_, slug), paths in slugs.items():
        for path in paths[1:]:
            yield Problem(
                path,
                2,
                1,
                "HC011",
                f"slug '{slug}' is also used by {paths[0]}; slugs must be unique "
                "(a page without `slug:` gets its title's): set `slug:` in one of them",
            )
    for remote_id, paths in ids.items():
        for path in paths[1:]:
            yield Problem(
                path,
                2,
                1,
                "HC012",
                f"id '{remote_id}' is also used by {paths[0]}; each article has its own id",
            )
