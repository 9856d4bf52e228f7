"""From a gap to a draft: a Markdown stub per group of unanswered questions.

The stub is a root article with `status: draft`: a title made from the
question, the customers' words quoted, the agents' best reply as the starting
body, in the category of the articles closest to the questions. Customers' and
agents' words are escaped so that nothing in them becomes a snippet, a
variable or raw HTML.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import yaml
from markdownify import markdownify

from hcsync.local.names import Namer, safe_name
from hcsync.questions.report import Gap
from hcsync.questions.text import one_line
from hcsync.statuses import LocalStatus

TITLE_LENGTH = 80
QUOTED = 5  # customers quoted per stub
_GREETING = re.compile(
    r"^(?:hi|hello|hey|dear|hallo|guten tag|bonjour|bonsoir|hola)\b[^,.!?\n]*[,.!\n]\s*",
    re.IGNORECASE,
)
_ASKED = re.compile(r"[^.!?\n]*\?")
_MARKUP = re.compile(r"[{}<>\[\]`*_#|]+")  # nothing in a title that Markdown or a macro reads


@dataclass(frozen=True)
class Stub:
    path: str  # relative to the draft folder
    text: str


def stubs(
    gaps: Iterable[Gap], categories: Mapping[str, str], taken: Iterable[str], in_category: bool
) -> list[Stub]:
    """`categories`: each article's category folder; `taken`: the files already in the
    draft folder. `in_category`: each stub goes into its category's folder (the draft
    folder is the content root), else all into the draft folder."""
    namers: dict[str, Namer] = {}
    existing = list(taken)
    made = []
    for gap in gaps:
        category = guess_category(gap, categories)
        folder = category if in_category else ""
        namer = namers.setdefault(folder, _namer(folder, existing))
        title = title_of(gap.title)
        name = namer.claim(safe_name(title, "question"), ".md") + ".md"
        path = f"{folder}/{name}" if folder else name
        made.append(Stub(path, stub_text(gap, title, category)))
    return made


def _namer(folder: str, existing: list[str]) -> Namer:
    prefix = f"{folder}/" if folder else ""
    inside = (p[len(prefix) :] for p in existing if p.startswith(prefix))
    return Namer(frozenset(p for p in inside if "/" not in p))


def guess_category(gap: Gap, categories: Mapping[str, str]) -> str:
    """The category most of the closest articles are in ("" when no article came close)."""
    votes = Counter(
        categories[c.article]
        for member in gap.members
        for c in member.match.candidates[:3]
        if c.article in categories
    )
    return votes.most_common(1)[0][0] if votes else ""


def title_of(question: str) -> str:
    """The question's first asking sentence, without a greeting, at most 80 characters."""
    text = _GREETING.sub("", one_line(_MARKUP.sub(" ", question), 1000))
    asked = _ASKED.search(text)
    title = (asked.group(0) if asked else text).strip() or "Question from customers"
    title = title[0].upper() + title[1:]
    return title if len(title) <= TITLE_LENGTH else title[: TITLE_LENGTH - 1].rstrip() + "…"


def stub_text(gap: Gap, title: str, category: str) -> str:
    front = yaml.safe_dump(
        {"title": title, "status": LocalStatus.DRAFT.value}, allow_unicode=True, sort_keys=False
    )
    numbers = ", ".join(f"#{m.thread.number}" for m in gap.members)
    closest = ", ".join(gap.closest[:3]) or "none"
    lines = [
        f"---\n{front}---",
        "",
        f"<!-- Drafted by `hcsync questions` from {len(gap.members)} unanswered "
        f"conversation(s) ({numbers}); closest articles: {closest}; "
        f"category: {category or 'none guessed'}. -->",
        "",
        "## What customers asked",
        "",
    ]
    for member in gap.members[:QUOTED]:
        lines += [f"> {_escaped(one_line(member.thread.question, 600))}", ""]
    reply = gap.best_reply
    body = _escaped(markdownify(reply.html, heading_style="ATX").strip()) if reply else ""
    lines += ["## Answer", "", body or "_Write the answer here._", ""]
    return "\n".join(lines)


def _escaped(text: str) -> str:
    """Words from outside, as text: no HTML, no `{{ … }}` or `{% … %}`, no comment end."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("{", "&#123;").replace("}", "&#125;")
