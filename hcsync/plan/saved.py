"""A saved plan (`hcsync plan -o FILE`): the plan, what apply needs to carry it out
without planning again, and what the plan saw of each thing it changes.

`hcsync apply FILE` reads only those things again — a draft per page the plan
changes, the categories if it changes one — and refuses the plan if any moved
since, in the tree or on the help center. What the plan does not touch may
change meanwhile: the plan applies exactly what it says, and the next plan sees
the rest. Plain data and its JSON, no I/O: the reading is `hcsync.sync.saved`'s.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any, TypeVar

from hcsync.local.model import LocalSite
from hcsync.plan.lock import Lock, article_from_json, category_from_json, json_object
from hcsync.plan.model import JSON_VERSION, Kind, PageRef, Plan
from hcsync.plan.snapshot import RemoteSite
from hcsync.plan.subjects import (
    RemoteState,
    Seen,
    Subject,
    SubjectKind,
    Tree,
    category_state,
    draft_state,
    touched,
    translation_state,
)
from hcsync.statuses import RemoteStatus

E = TypeVar("E")
_RENDERING_KINDS = frozenset({Kind.CREATE_ARTICLE, Kind.UPDATE_DRAFT, Kind.UPDATE_TRANSLATION})


class NotASavedPlan(ValueError):
    """Why a file cannot be carried out as a saved plan (one line)."""


class OtherVersion(NotASavedPlan):
    """A plan saved by a version of hcsync that wrote another format."""


@dataclass(frozen=True)
class SavedPlan:
    plan: Plan  # its observed entries, URLs and slugs: those its operations need
    root: str
    center_id: str
    domain: str
    prune: bool = False
    refresh: bool = False
    images: Mapping[str, str] = field(default_factory=dict)  # content hash → URL pages embed
    seen: Mapping[Subject, Seen] = field(default_factory=dict)  # in plan order
    drafts: int = 0  # how many the plan listed: apply lists them too where that is cheaper

    def to_json(self) -> dict[str, Any]:
        plan = self.plan
        options = {"on_drift": plan.drift_policy.value, "prune": self.prune}
        return {
            **plan.to_json(),
            "root": self.root,
            "options": options | {"refresh": self.refresh},
            "saved": {
                "center_id": self.center_id,
                "domain": self.domain,
                "drafts": self.drafts,
                "observed": {p: asdict(e) for p, e in sorted(plan.observed.items())},
                "observed_categories": {
                    p: asdict(e) for p, e in sorted(plan.observed_categories.items())
                },
                "urls": [[r.path, r.language, url] for r, url in _by_page(plan.urls)],
                "slugs": [[r.path, r.language, slug] for r, slug in _by_page(plan.slugs)],
                "images": dict(sorted(self.images.items())),
                "seen": [_seen_json(s, seen) for s, seen in self.seen.items()],
            },
        }

    @classmethod
    def from_json(cls, data: Any) -> SavedPlan:
        if not isinstance(data, dict) or not {"operations", "root", "options"} <= set(data):
            raise NotASavedPlan(
                "no operations, root and options: `plan --format json` only shows one"
            )
        if data.get("version") != JSON_VERSION:
            found = data.get("version")
            raise OtherVersion(f"format {found!r}; this hcsync reads format {JSON_VERSION}")
        try:
            return _from_json(data)
        except KeyError as exc:
            raise NotASavedPlan(f"{exc} is missing") from None
        except (TypeError, ValueError, AttributeError) as exc:
            raise NotASavedPlan(str(exc).splitlines()[0][:120]) from None


def saved_plan(
    plan: Plan,
    site: LocalSite,
    images: Mapping[str, str],
    lock: Lock,
    remote: RemoteSite,
    *,
    center_id: str,
    prune: bool = False,
    refresh: bool = False,
) -> SavedPlan:
    """The plan to save. `lock` and `remote` are what it was made from, the drafts of the
    translations it touches read (`hcsync.sync.saved`); `images`: path → content hash."""
    subjects = touched(plan)
    tree = Tree(site, images)
    seen = {s: Seen(tree.hash(s), _remote_seen(remote, s, rid)) for s, rid in subjects.items()}
    pages = {s.path for s in subjects if s.kind is SubjectKind.PAGE}
    folders = {s.path for s in subjects if s.kind is SubjectKind.CATEGORY}
    rendered = {op.path for op in plan.operations if op.kind in _RENDERING_KINDS}
    linked = pages | tree.links(rendered)
    lean = replace(
        plan,
        observed=_needed(plan.observed, lock.articles, pages),
        observed_categories=_needed(plan.observed_categories, lock.categories, folders),
        urls={r: url for r, url in plan.urls.items() if r.path in linked},
        slugs={r: slug for r, slug in plan.slugs.items() if r.path in linked},
    )
    embedded = tree.images(rendered)
    known = {d: url for d, url in lock.images.items() if d in embedded}
    return SavedPlan(
        lean,
        str(site.root),
        center_id,
        remote.center.domain,
        prune,
        refresh,
        known,
        seen,
        len(remote.drafts),
    )


def _needed(
    observed: Mapping[str, E], recorded: Mapping[str, E], touched: set[str]
) -> dict[str, E]:
    """What apply must record: the entries of touched paths whatever the lock says (apply
    then starts from what the plan saw of them, even if hcsync.lock changed since), and
    the others where the lock does not have them yet (an identity found by matching)."""
    return {p: e for p, e in observed.items() if p in touched or recorded.get(p) != e}


def _remote_seen(remote: RemoteSite, subject: Subject, remote_id: str | None) -> RemoteState | None:
    if remote_id is None or subject.kind is SubjectKind.IMAGE:
        return None  # created by this plan: the lease and `creates_still_new` guard it
    if subject.kind is SubjectKind.CATEGORY:
        return category_state(
            remote_id, next((c for c in remote.categories if c.id == remote_id), None)
        )
    if subject.language is None:
        return draft_state(remote_id, remote.drafts.get(remote_id))
    key = (remote_id, subject.language)
    if key not in remote.translations and key not in remote.absent:
        return None  # never read (its root is not on the help center): nothing to compare
    return translation_state(remote_id, remote.translations.get(key))


# -- JSON ----------------------------------------------------------------------------


def _by_page(values: Mapping[PageRef, str]) -> list[tuple[PageRef, str]]:
    return sorted(values.items(), key=lambda item: (item[0].path, item[0].language or ""))


def _seen_json(subject: Subject, seen: Seen) -> dict[str, Any]:
    remote = None if seen.remote is None else asdict(seen.remote)
    kind, path, language = subject
    return {
        "kind": kind.value,
        "path": path,
        "language": language,
        "tree": seen.tree,
        "remote": remote,
    }


def _remote_state(data: Any) -> RemoteState:
    fields = json_object(data)
    return RemoteState(**fields | {"status": RemoteStatus(fields.get("status", ""))})


def _from_json(data: dict[str, Any]) -> SavedPlan:
    saved, options = json_object(data["saved"]), json_object(data["options"])
    plan = replace(
        Plan.from_json(data),
        observed={str(p): article_from_json(e) for p, e in json_object(saved["observed"]).items()},
        observed_categories={
            str(p): category_from_json(e)
            for p, e in json_object(saved["observed_categories"]).items()
        },
        urls={PageRef(str(p), lang): str(url) for p, lang, url in saved["urls"]},
        slugs={PageRef(str(p), lang): str(slug) for p, lang, slug in saved["slugs"]},
    )
    seen = {}
    for entry in saved["seen"]:
        subject = Subject(SubjectKind(entry["kind"]), str(entry["path"]), entry["language"])
        remote = entry["remote"]
        state = None if remote is None else _remote_state(remote)
        seen[subject] = Seen(str(entry["tree"]), state)
    images = {str(d): str(url) for d, url in json_object(saved["images"]).items()}
    return SavedPlan(
        plan,
        str(data["root"]),
        str(saved["center_id"]),
        str(saved["domain"]),
        bool(options["prune"]),
        bool(options["refresh"]),
        images,
        seen,
        int(saved["drafts"]),
    )
