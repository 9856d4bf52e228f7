"""The GitHub Action's steps, in Python: `python -m hcsync.action run|commit-lock`.

action.yml passes every input through the environment (`INPUT_*`), never through
`${{ }}` inside a script, and calls this package; the tests call it the same way
in a simulated GitHub environment.
"""
