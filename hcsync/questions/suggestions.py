"""What `hcsync suggest` shows and saves: answering pages with their public URLs, and
a reply draft that cites the best one (in the customer's language)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from hcsync.local.model import LocalSite
from hcsync.plan.lock import Lock
from hcsync.questions.matcher import Candidate

_REPLY = {
    "en": (
        "Hi{name},",
        "This article answers your question:",
        "Let us know if anything is unclear.",
    ),
    "de": (
        "Hallo{name},",
        "Dieser Artikel beantwortet Ihre Frage:",
        "Melden Sie sich gern, falls etwas unklar ist.",
    ),
    "fr": (
        "Bonjour{name},",
        "Cet article répond à votre question :",
        "N'hésitez pas à nous écrire si quelque chose n'est pas clair.",
    ),
    "es": (
        "Hola{name}:",
        "Este artículo responde a su pregunta:",
        "Escríbanos si algo no queda claro.",
    ),
}


@dataclass(frozen=True)
class Suggestion:
    candidate: Candidate
    title: str
    url: str | None  # None: not on the help center yet (never applied)
    answers: bool

    def to_json(self) -> dict[str, object]:
        return {
            **self.candidate.to_json(),
            "title": self.title,
            "url": self.url,
            "answers": self.answers,
        }


def suggestions(
    candidates: tuple[Candidate, ...], answering: int, site: LocalSite, lock: Lock
) -> list[Suggestion]:
    """The first `answering` candidates answer; the rest came close."""
    return [
        Suggestion(c, _title(site, c), page_url(lock, c.article, c.language, site), n < answering)
        for n, c in enumerate(candidates)
    ]


def page_url(lock: Lock, article: str, language: str, site: LocalSite) -> str | None:
    """The page's public URL as the last apply recorded it; the root's when the page
    has no translation in `language`."""
    entry = lock.articles.get(article)
    if entry is None:
        return None
    translation = entry.translations.get(language)
    if language != site.config.default_language and translation and translation.url:
        return translation.url
    return entry.url


def _title(site: LocalSite, c: Candidate) -> str:
    article = site.article(c.article)
    if article is None:
        return c.article
    translation = article.translations.get(c.language)
    return translation.title if translation else article.title


def reply_html(best: Suggestion, language: str, customer: str | None) -> str:
    """A short reply citing the article; an agent reviews and sends it from the inbox."""
    hello, cites, closing = _REPLY.get(language, _REPLY["en"])
    name = f" {escape(customer.split()[0])}" if customer and customer.split() else ""
    link = f'<a href="{escape(best.url or "")}">{escape(best.title)}</a>'
    return f"<p>{hello.format(name=name)}</p><p>{cites} {link}</p><p>{closing}</p>"
