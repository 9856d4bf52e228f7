"""A saved plan on plain objects: what it keeps, its JSON, and what counts as moved."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from hcsync.api.models import Content
from hcsync.local.model import CategoryText
from hcsync.plan.model import Kind, Operation, OpKey, Plan
from hcsync.plan.payloads import CategoryFields, Metadata, Payload, SeoText, TranslationDraft
from hcsync.plan.saved import NotASavedPlan, SavedPlan, saved_plan
from hcsync.plan.subjects import (
    Subject,
    SubjectKind,
    draft_state,
    moved_in_tree,
    moved_remotely,
    translation_state,
)
from tests.plan.builders import page, plan, site, synced, translation

DE = translation("guides/a.de.md", "de", "Alpha DE", "Alpha Text.")
A = replace(page("guides/a.md", "Alpha", "Alpha text, see [b](b.md)."), translations={"de": DE})
B = page("guides/b.md", "Beta", "Beta text.", slug="beta")
C = page("guides/c.md", "Gamma", "Gamma text.", slug="gamma")


def test_it_keeps_what_apply_needs_and_reads_back_the_same() -> None:
    remote, lock = synced(site(A, B, C))
    for path, entry in plan(site(A, B, C), remote, lock).observed.items():  # as apply records
        lock = lock.with_article(path, entry)
    edited_de = replace(DE, body="Alpha Text, neu.\n")
    local = site(
        replace(A, body="Alpha, edited: [b](b.md).\n", translations={"de": edited_de}), B, C
    )
    made = plan(local, remote, lock)
    saved = saved_plan(made, local, {}, lock, remote, center_id="demo")

    assert list(saved.seen) == [
        Subject(SubjectKind.PAGE, "guides/a.md"),
        Subject(SubjectKind.PAGE, "guides/a.md", "de"),
    ]
    assert "guides/a.md" in saved.plan.observed
    assert "guides/c.md" not in saved.plan.observed  # as the lock has it: nothing to record
    assert {ref.path for ref in made.urls} >= {"guides/b.md", "guides/c.md"}
    assert {ref.path for ref in saved.plan.urls} == {"guides/b.md"}  # what A links to
    again = SavedPlan.from_json(json.loads(json.dumps(saved.to_json())))
    assert again == replace(saved, plan=replace(saved.plan, to_read=frozenset()))

    assert moved_in_tree(saved.seen, local, {}) == []
    assert moved_in_tree(saved.seen, site(A, B, C), {}) == [
        "guides/a.md in the tree",
        "guides/a.md [de] in the tree",
    ]
    a, de = remote.drafts["art_1"], remote.translations[("art_1", "de")]
    now = {
        Subject(SubjectKind.PAGE, "guides/a.md"): draft_state("art_1", a),
        Subject(SubjectKind.PAGE, "guides/a.md", "de"): translation_state("art_1", de),
    }
    assert moved_remotely(saved.seen, now) == []
    online = replace(de, content=Content("<p>Online</p>", ""))  # same updated_at, other text
    now[Subject(SubjectKind.PAGE, "guides/a.md", "de")] = translation_state("art_1", online)
    assert moved_remotely(saved.seen, now) == ["guides/a.md [de] on the help center"]


# One operation of every kind, with the payload the planner gives it.
GUIDES_DE = CategoryText("Anleitungen", "Alles")
PAYLOADS: dict[Kind, Payload | None] = {
    Kind.CREATE_CATEGORY: CategoryFields("Guides", "", "book", {"de": GUIDES_DE}, "root"),
    Kind.UPDATE_CATEGORY: CategoryFields(description="All of it", translations={}),
    Kind.UPLOAD_IMAGE: None,
    Kind.CREATE_ARTICLE: Metadata("guides", "alpha", seo=SeoText("Alpha", "")),
    Kind.UPDATE_DRAFT: None,
    Kind.UPDATE_METADATA: Metadata(subtitle="", seo=SeoText()),
    Kind.UPDATE_TRANSLATION: TranslationDraft(new=True),
    Kind.UPDATE_TRANSLATION_METADATA: Metadata(slug="alpha-de"),
    Kind.PUBLISH: None,
    Kind.PUBLISH_TRANSLATION: None,
    Kind.UNPUBLISH_TRANSLATION: None,
    Kind.UNPUBLISH: None,
    Kind.DELETE_TRANSLATION: None,
    Kind.DELETE_ARTICLE: None,
    Kind.DELETE_CATEGORY: None,
}


def test_every_kind_of_operation_reads_back_as_saved() -> None:
    assert set(PAYLOADS) == set(Kind)
    for kind, payload in PAYLOADS.items():
        language = "de" if "translation" in kind else None
        op = Operation(OpKey(kind, "guides/a.md", language), "guides/a.md", payload=payload)
        saved = SavedPlan(Plan((op,)), "/r", "demo", "demo.example")
        again = SavedPlan.from_json(json.loads(json.dumps(saved.to_json())))
        assert again == saved, kind
        assert again.plan.operations[0].payload == payload, kind


def test_a_payload_of_another_kind_is_refused() -> None:
    key = OpKey(Kind.CREATE_ARTICLE, "guides/a.md")
    with pytest.raises(TypeError, match="CategoryFields"):
        Operation(key, "guides/a.md", payload=CategoryFields("Guides"))
    op = Operation(key, "guides/a.md", payload=Metadata("guides"))
    with pytest.raises(TypeError, match="carries no TranslationDraft"):
        op.payload_as(TranslationDraft)
    data = SavedPlan(Plan((op,)), "/r", "demo", "demo.example").to_json()
    data["operations"][0]["fields"] = {"seo": "Alpha"}
    with pytest.raises(NotASavedPlan, match="'seo' is str, not an object"):
        SavedPlan.from_json(data)
    data["operations"][0].update(kind="publish", key="publish:guides/a.md")
    data["operations"][0]["fields"] = {"slug": "x"}
    with pytest.raises(NotASavedPlan, match="a publish operation sends no fields"):
        SavedPlan.from_json(data)
