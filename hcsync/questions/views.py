"""The report as text (a terminal), Markdown (an issue, a wiki) and JSON (scripts).

Questions and replies come from customers and agents: every such string is
made one line without control characters before it is shown.
"""

from __future__ import annotations

import json
from typing import Any

from hcsync.questions.links import LinkState, Resolved
from hcsync.questions.report import Classified, Gap, Report
from hcsync.questions.text import one_line

SHOWN = 10  # rows per section in text and Markdown; JSON has them all
_WHY = {
    LinkState.OLD_URL: "old URL (the slug changed)",
    LinkState.UNPUBLISHED: "article not published",
    LinkState.UNKNOWN: "no such article in the tree",
}


def summary(report: Report) -> str:
    total = len(report.classified)
    share = f" ({100 * (total - report.answered) // total} %)" if total else ""
    return (
        f"{total} conversation(s): {report.answered} answered by an article, "
        f"{total - report.answered} unanswered{share}."
    )


def as_text(report: Report) -> str:
    lines = [summary(report), ""]
    lines.append(
        "Unanswered questions, most asked first:" if report.gaps else "No unanswered questions."
    )
    for gap in report.gaps[:SHOWN]:
        lines.append(f"  {len(gap.members)}× {_quoted(gap.title)}  ({_numbers(gap)})")
        reply = gap.best_reply
        if reply is not None:
            lines.append(f"     agent replied: {_quoted(reply.text, 120)}")
    lines += _more(len(report.gaps), "  ")
    lines += ["", "Articles that answer the most questions:"]
    lines += [f"  {n:>4}  {path}" for path, n in report.answering[:SHOWN]] or ["  (none)"]
    lines += ["", "Articles agents linked in their replies (conversations):"]
    lines += [f"  {n:>4}  {path}" for path, n in report.linked[:SHOWN]] or ["  (none)"]
    if report.dead:
        lines += ["", "Dead links in agents' replies:"]
        lines += [f"  #{c.thread.number} {_dead(link)}" for c, link in report.dead]
    return "\n".join(lines)


def as_markdown(report: Report) -> str:
    lines = ["## What customers ask", "", f"**{summary(report)}**", ""]
    if report.gaps:
        lines += [
            "### Unanswered questions",
            "",
            "| asked | question | agents' reply |",
            "|---:|---|---|",
        ]
        for gap in report.gaps[:SHOWN]:
            reply = gap.best_reply
            said = _cell(reply.text, 120) if reply else ""
            lines.append(f"| {len(gap.members)} | {_cell(gap.title)} | {said} |")
        lines += _more(len(report.gaps), "")
    lines += [
        "",
        "### Articles that answer the most questions",
        "",
        "| questions | article |",
        "|---:|---|",
    ]
    lines += [f"| {n} | `{path}` |" for path, n in report.answering[:SHOWN]]
    lines += ["", "### Articles agents linked", "", "| conversations | article |", "|---:|---|"]
    lines += [f"| {n} | `{path}` |" for path, n in report.linked[:SHOWN]]
    if report.dead:
        lines += ["", "### Dead links in replies", ""]
        lines += [f"- #{c.thread.number}: {_cell(_dead(link), 300)}" for c, link in report.dead]
    return "\n".join(lines)


def as_json(report: Report) -> str:
    shown = {
        "summary": {
            "conversations": len(report.classified),
            "answered": report.answered,
            "unanswered": len(report.classified) - report.answered,
            "requests": report.requests,
        },
        "conversations": [conversation_json(c) for c in report.classified],
        "gaps": [_gap_json(g) for g in report.gaps],
        "answering": [{"article": p, "questions": n} for p, n in report.answering],
        "linked": [{"article": p, "conversations": n} for p, n in report.linked],
        "dead_links": [
            {"conversation": c.thread.id, **_link_json(link)} for c, link in report.dead
        ],
    }
    return json.dumps(shown, indent=2, ensure_ascii=False)


def conversation_json(c: Classified) -> dict[str, Any]:
    return {
        "conversation": c.thread.id,
        "number": c.thread.number,
        "subject": c.thread.subject,
        "question": c.thread.question,
        "language": c.language,
        "status": c.match.status.value,
        "articles": [
            {**candidate.to_json(), "answers": n < c.match.answering}
            for n, candidate in enumerate(c.match.candidates)
        ],
        "links": [_link_json(link) for link in c.links],
    }


def _gap_json(gap: Gap) -> dict[str, Any]:
    reply = gap.best_reply
    return {
        "question": gap.title,
        "count": len(gap.members),
        "conversations": [m.thread.id for m in gap.members],
        "reply": reply.text if reply else None,
        "closest": list(gap.closest),
    }


def _link_json(link: Resolved) -> dict[str, Any]:
    return {
        "url": link.link.url,
        "state": link.state.value,
        "article": link.article,
        "language": link.language,
    }


def _dead(link: Resolved) -> str:
    of = f" of {link.article}" if link.article else ""
    return f"{one_line(link.link.url, 200)}: {_WHY[link.state]}{of}"


def _numbers(gap: Gap) -> str:
    numbers = [f"#{m.thread.number}" for m in gap.members]
    return ", ".join(numbers[:6]) + (", …" if len(numbers) > 6 else "")


def _quoted(text: str, limit: int = 100) -> str:
    return f"“{one_line(text, limit)}”"


def _cell(text: str, limit: int = 100) -> str:
    """One table cell: one line, no pipes, no HTML."""
    flat = one_line(text, limit).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return flat.replace("|", "\\|")


def _more(count: int, indent: str) -> list[str]:
    return (
        [f"{indent}… and {count - SHOWN} more (--format json has them all)"]
        if count > SHOWN
        else []
    )
