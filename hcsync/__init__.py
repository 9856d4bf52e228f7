"""hcsync: keep a Git tree of Markdown articles and a Help.Center knowledge base in sync."""

__version__ = "0.2.0"
