"""Syncing: the remote snapshot, the lock, the pure planner, the plan and its rendering, apply."""
