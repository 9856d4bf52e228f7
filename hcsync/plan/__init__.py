"""The pure core: desired state, identity, decisions, ordering, the Plan and its views (no I/O)."""
