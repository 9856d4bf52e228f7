"""One module per command: what the user typed → the engine → the screen.

Only these modules print, prompt or read the environment; the engine below them
(`hcsync.local`, `hcsync.plan`, `hcsync.sync`) returns values.
"""
