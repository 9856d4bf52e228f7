"""`hcsync suggest`: the articles that answer one conversation; `--reply` saves a draft."""

from __future__ import annotations

import json
from pathlib import Path

from hcsync import output
from hcsync.api import HelpCenterClient
from hcsync.commands.client import open_client
from hcsync.commands.sync import find_root
from hcsync.errors import FatalError
from hcsync.local.loader import load_site
from hcsync.questions.index import ArticleIndex
from hcsync.questions.links import LinkTargets
from hcsync.questions.pages import indexed_pages
from hcsync.questions.report import Classified, classify
from hcsync.questions.suggestions import Suggestion, reply_html, suggestions
from hcsync.questions.text import one_line
from hcsync.sync.inbox import as_thread
from hcsync.sync.lockfile import read_lock


def run_suggest(conversation_id: str, folder: Path | None, reply: bool, fmt: str) -> int:
    root = find_root(folder)
    site = load_site(root)
    lock = read_lock(root)
    with open_client(site.config) as client:
        conversation = client.get_conversation(conversation_id)
        thread = as_thread(conversation)
        if thread is None:
            raise FatalError(f"conversation {conversation_id} has no customer message to answer")
        index = ArticleIndex(indexed_pages(site))
        languages = [site.config.default_language, *site.config.languages]
        found = classify(thread, index, LinkTargets(site, lock), languages)
        index.close()
        shown = suggestions(found.match.candidates, found.match.answering, site, lock)
        _show(found, shown, fmt)
        if reply:
            customer = conversation.contact.name if conversation.contact else None
            has_draft = bool(conversation.draft and conversation.draft.content)
            _save_draft(client, found, shown, customer, has_draft)
    return 0


def _show(found: Classified, shown: list[Suggestion], fmt: str) -> None:
    if fmt == "json":
        body = {
            "conversation": found.thread.id,
            "question": found.thread.question,
            "language": found.language,
            "status": found.match.status.value,
            "articles": [s.to_json() for s in shown],
        }
        output.result(json.dumps(body, indent=2, ensure_ascii=False))
        return
    output.result(
        f"#{found.thread.number} [{found.language}] “{one_line(found.thread.question, 120)}”"
    )
    if not any(s.answers for s in shown):
        output.result("No article answers it" + ("; closest:" if shown else "."))
    for s in shown:
        mark = "answers" if s.answers else "close  "
        output.result(f"  {mark}  {s.candidate.file}  {s.url or '(not on the help center yet)'}")


def _save_draft(
    client: HelpCenterClient,
    found: Classified,
    shown: list[Suggestion],
    customer: str | None,
    has_draft: bool,
) -> None:
    """Save, never send: a person reviews the draft in the inbox before it goes out."""
    number = found.thread.number
    best = next((s for s in shown if s.answers and s.url), None)
    if best is None:
        raise FatalError(f"conversation #{number}: no published article answers it; no draft saved")
    if has_draft:
        raise FatalError(
            f"conversation #{number} already has a reply draft: send or discard it in the "
            "inbox first; nothing was changed"
        )
    client.update_reply_draft(found.thread.id, content=reply_html(best, found.language, customer))
    output.info(
        f"reply draft saved on conversation #{number}, citing {best.candidate.file}: "
        "review and send it from the inbox (nothing was sent)"
    )
