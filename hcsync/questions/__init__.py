"""What customers ask and which articles answer it: pure code, no client, no disk.

`text` cleans a customer's message, `terms` stems it per language, `index` is a
SQLite FTS5 index of the tree (in memory), `matcher` decides answered or not,
`links` finds the articles agents linked, `report` groups and counts, `views`
shows it, `drafts` writes a stub per gap. `hcsync.sync.inbox` reads the inbox.
"""
