"""A faithful, stateful Help.Center API emulator (Starlette on uvicorn).

It is a second implementation of the contract in the seeds, used by the tests
and the demo; the client never imports it. See docs/emulator.md for what it
does where the documentation is silent (the fidelity notes).
"""
