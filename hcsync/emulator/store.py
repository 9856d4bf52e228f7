"""The emulator's state: in memory, optionally mirrored into a SQLite file.

Handlers change records in memory and mark them dirty; `commit()` (called once
per request that changed something) writes the dirty records in one SQLite
transaction, so a restart with the same `--db` finds exactly what was committed.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hcsync.emulator.inbox_records import ConversationRecord, EmailRecord
from hcsync.emulator.records import (
    ArticleRecord,
    CategoryRecord,
    ImageRecord,
    Record,
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    kind TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, blob BLOB,
    PRIMARY KEY (kind, id));
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""
_KINDS: dict[str, type[ArticleRecord] | type[CategoryRecord] | type[ImageRecord]] = {
    "article": ArticleRecord,
    "category": CategoryRecord,
    "image": ImageRecord,
}
# The conversations half, kept apart so that the knowledge-base `Record` stays as it is.
_INBOX_KINDS: dict[str, type[ConversationRecord] | type[EmailRecord]] = {
    "conversation": ConversationRecord,
    "email": EmailRecord,
}
AnyRecord = Record | ConversationRecord | EmailRecord


class Store:
    def __init__(self, db_path: Path | None = None) -> None:
        self.articles: dict[str, ArticleRecord] = {}
        self.categories: dict[str, CategoryRecord] = {}
        self.images: dict[str, ImageRecord] = {}
        self.conversations: dict[str, ConversationRecord] = {}
        self.emails: dict[str, EmailRecord] = {}
        self.counters: dict[str, int] = {}
        self._dirty: dict[tuple[str, str], AnyRecord | None] = {}
        self._last_time = datetime.fromtimestamp(0, UTC)
        self._db = _open(db_path) if db_path else None
        if self._db:
            self._load(self._db)

    # -- identities and time -------------------------------------------------

    def next_number(self, name: str) -> int:
        """The next value of a per-center counter (slug ids, creation order)."""
        self.counters[name] = self.counters.get(name, 0) + 1
        self._dirty[("counter", name)] = None
        return self.counters[name]

    @staticmethod
    def new_id(prefix: str = "") -> str:
        return prefix + secrets.token_hex(12 if not prefix else 8)

    def now(self) -> str:
        """An ISO timestamp that strictly increases, so every change moves updated_at."""
        now = datetime.now(UTC)
        now = now.replace(microsecond=now.microsecond // 1000 * 1000)  # as shown: ms
        if now <= self._last_time:
            now = self._last_time + timedelta(milliseconds=1)
        self._last_time = now
        return now.isoformat(timespec="milliseconds").replace("+00:00", "Z")

    # -- changes -------------------------------------------------------------

    def save(self, record: AnyRecord) -> None:
        table = self._table(record)
        table[record.id] = record
        self._dirty[(_kind(record), record.id)] = record

    def delete(self, record: AnyRecord) -> None:
        self._table(record).pop(record.id, None)
        self._dirty[(_kind(record), record.id)] = None

    def commit(self) -> None:
        if self._db is None or not self._dirty:
            self._dirty.clear()
            return
        with self._db:
            for (kind, key), record in self._dirty.items():
                self._write(self._db, kind, key, record)
        self._dirty.clear()

    def clear(self) -> None:
        self.articles.clear()
        self.categories.clear()
        self.images.clear()
        self.conversations.clear()
        self.emails.clear()
        self.counters.clear()
        self._dirty.clear()
        if self._db:
            with self._db:
                self._db.execute("DELETE FROM records")
                self._db.execute("DELETE FROM counters")

    def _table(self, record: AnyRecord) -> dict[str, AnyRecord]:
        tables: dict[str, dict[str, AnyRecord]] = {
            "article": self.articles,  # type: ignore[dict-item]
            "category": self.categories,  # type: ignore[dict-item]
            "image": self.images,  # type: ignore[dict-item]
            "conversation": self.conversations,  # type: ignore[dict-item]
            "email": self.emails,  # type: ignore[dict-item]
        }
        return tables[_kind(record)]

    # -- SQLite ----------------------------------------------------------------

    def _write(self, db: sqlite3.Connection, kind: str, key: str, record: AnyRecord | None) -> None:
        if kind == "counter":
            db.execute("INSERT OR REPLACE INTO counters VALUES (?, ?)", (key, self.counters[key]))
        elif record is None:
            db.execute("DELETE FROM records WHERE kind = ? AND id = ?", (kind, key))
        else:
            body = asdict(record)
            blob = body.pop("data", None)
            db.execute(
                "INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?)",
                (kind, key, json.dumps(body), blob),
            )

    def _load(self, db: sqlite3.Connection) -> None:
        self.counters = dict(db.execute("SELECT name, value FROM counters").fetchall())
        rows = db.execute("SELECT kind, body, blob FROM records").fetchall()
        records = [_record(kind, body, blob) for kind, body, blob in rows]
        for record in sorted(records, key=lambda r: getattr(r, "seq", 0)):
            self._table(record)[record.id] = record


def _open(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, check_same_thread=False)
    db.executescript(_SCHEMA)
    return db


def _kind(record: AnyRecord) -> str:
    kinds = {ArticleRecord: "article", CategoryRecord: "category", ImageRecord: "image"}
    return (
        kinds.get(type(record))
        or {ConversationRecord: "conversation", EmailRecord: "email"}[type(record)]
    )


def _record(kind: str, body: str, blob: bytes | None) -> AnyRecord:
    data = json.loads(body)
    if kind in _INBOX_KINDS:
        return _INBOX_KINDS[kind].from_dict(data)
    if blob is not None:
        data["data"] = blob
    return _KINDS[kind].from_dict(data)
