"""Dashboard edits pulled into a tree people wrote: `git diff` shows exactly those edits.

The tree uses what real authored repos use: CRLF files, front-matter comments and
keys of another tool, no `id:`/`slug:`, reference-style links, a path with spaces
in `<…>`, an image already in the tree, a snippet, a variable, an `hcsync: ignore`
comment and a translation. Each test makes dashboard edits through the API, pulls
with real `git` watching, and counts the changed lines.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from hcsync.api import Seo
from tests.e2e.conftest import Site
from tests.e2e.test_pull import assert_in_sync
from tests.helpers import PNG

pytestmark = pytest.mark.both_profiles  # what pull reads differs between the two

CONFIG = """\
# the docs team's settings
center_id: demo
default_language: en
languages: [de]
ignore_keys: [internalReference, owner]
variables: {product: Acme}
"""
INVOICES = (
    "---\r\n"
    "# reviewed by finance, 2026\r\n"
    "title: 'Invoices'\r\n"
    "internalReference: CMS-1042\r\n"
    "seo:\r\n"
    "  title: Invoices\r\n"
    "  description: Where to find your invoices\r\n"
    "owner: ana\r\n"
    "---\r\n"
    "\r\n"
    "Every month {{ product }} sends an invoice.\r\n"
    "\r\n"
    "## Download\r\n"
    "\r\n"
    "Open [the billing page][billing] or [pay by card](<payment methods.md>).\r\n"
    "\r\n"
    "<!-- hcsync: ignore HC054 -->\r\n"
    "Invoices are kept for ten years.\r\n"
    "\r\n"
    "![The invoice list](img/invoices.png)\r\n"
    "\r\n"
    '{% include "support.md" %}\r\n'
    "\r\n"
    "[billing]: payment%20methods.md\r\n"
)
PAYMENT = """\
---
title: Payment methods
---

We take cards and bank transfers.

See [invoices](invoices.md).
"""
INVOICES_DE = """\
---
title: Rechnungen
---

Jeden Monat kommt eine Rechnung.
"""
FILES: dict[str, str | bytes] = {
    "hcsync.yml": CONFIG,
    "_snippets/support.md": "Questions? Write to billing@example.com.\n",
    "billing/_category.yml": "name: Billing\n",
    "billing/invoices.md": INVOICES,
    "billing/invoices.de.md": INVOICES_DE,
    "billing/payment methods.md": PAYMENT,
    "billing/img/invoices.png": PNG,
    "account/_category.yml": "name: Your account\n",
    "account/close.md": "---\ntitle: Close your account\n---\n\nWrite to us.\n",
}


def authored(site_factory: object, tmp: Path) -> Site:
    source = tmp / "authored"
    for rel, text in FILES.items():
        path = source / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
    site: Site = site_factory(source, "content")  # type: ignore[operator]
    applied = site.apply()
    assert applied.code == 0, applied.out + applied.err
    git(site.root, "init", "-q")
    git(site.root, "add", "-A")
    git(site.root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "authored")
    return site


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


def numstat(root: Path) -> dict[str, tuple[int, int]]:
    """Path → (added, deleted) lines since the commit, the lock left out."""
    git(root, "add", "-A")
    rows = git(root, "diff", "--cached", "-M", "--numstat").splitlines()
    found = {}
    for row in rows:
        added, deleted, path = row.split("\t")
        if path != "hcsync.lock":
            found[path] = (int(added.replace("-", "-1")), int(deleted.replace("-", "-1")))
    return found


def article_id(site: Site, title: str) -> str:
    return next(a.id for a in site.client.list_articles() if a.title == title)


def html_of(site: Site, identifier: str) -> str:
    draft = site.client.get_draft(identifier, content=True)
    return draft.content.html if draft.content else ""


def test_a_sentence_a_title_and_seo_are_one_line_each(site_factory: object, tmp_path: Path) -> None:
    site = authored(site_factory, tmp_path)
    invoices = article_id(site, "Invoices")
    html = html_of(site, invoices).replace("ten years", "twelve years")
    site.client.update_draft(invoices, title="Your invoices", html=html)
    site.client.update_metadata(
        invoices, seo=Seo(title="Invoices", description="Where to find and download invoices")
    )
    site.client.publish(invoices)
    dry = site.hcsync("pull", str(site.root), "--dry-run")
    assert dry.code == 0, dry.err
    assert "-Invoices are kept for ten years.\n+Invoices are kept for twelve years.\n" in dry.out
    assert numstat(site.root) == {}  # a dry run writes nothing
    pulled = site.hcsync("pull", str(site.root))
    assert pulled.code == 0, pulled.err
    assert numstat(site.root) == {"billing/invoices.md": (3, 3)}
    text = (site.root / "billing/invoices.md").read_bytes().decode()
    assert text == (
        INVOICES.replace("'Invoices'", "'Your invoices'")
        .replace("ten years", "twelve years")
        .replace("Where to find your invoices", "Where to find and download invoices")
    )
    assert_in_sync(site)


def test_a_translation_word(site_factory: object, tmp_path: Path) -> None:
    site = authored(site_factory, tmp_path)
    invoices = article_id(site, "Invoices")
    site.client.update_translation_draft(
        invoices, "de", html="<p>Jeden Monat kommt eine neue Rechnung.</p>"
    )
    site.client.publish_translation(invoices, "de")
    pulled = site.hcsync("pull", str(site.root))
    assert pulled.code == 0, pulled.err
    assert numstat(site.root) == {"billing/invoices.de.md": (1, 1)}
    assert_in_sync(site)


def test_a_moved_and_a_deleted_article(site_factory: object, tmp_path: Path) -> None:
    site = authored(site_factory, tmp_path)
    account = next(c.id for c in site.client.list_categories() if c.name == "Your account")
    site.client.update_metadata(article_id(site, "Invoices"), category=account)
    site.client.delete_article(article_id(site, "Close your account"))
    pulled = site.hcsync("pull", str(site.root))
    assert pulled.code == 0, pulled.err
    changes = numstat(site.root)
    assert changes.pop("account/close.md") == (0, 5)
    # The moved file keeps what it wrote but its relative links' targets and its image
    # (one line each: the inline link, the reference-style link's definition, the image);
    # its translation moves as it is; the page linking to it follows it.
    assert changes == {
        "{billing => account}/invoices.md": (3, 3),
        "{billing => account}/invoices.de.md": (0, 0),
        "billing/payment methods.md": (1, 1),
    }
    assert "(../account/invoices.md)" in (site.root / "billing/payment methods.md").read_text()
    moved = (site.root / "account/invoices.md").read_bytes().decode()
    assert "[the billing page][billing] or [pay by card](<../billing/payment methods.md>)" in moved
    assert "\r\n[billing]: ../billing/payment%20methods.md\r\n" in moved
    assert_in_sync(site)


def test_a_change_in_a_variable_is_a_conflict(site_factory: object, tmp_path: Path) -> None:
    site = authored(site_factory, tmp_path)
    invoices = article_id(site, "Invoices")
    html = html_of(site, invoices).replace("Acme sends", "Acme Corp sends")
    site.client.update_draft(invoices, html=html)
    site.client.publish(invoices)
    pulled = site.hcsync("pull", str(site.root))
    assert pulled.code == 1
    assert "billing/invoices.md" in pulled.err and "snippet or variable" in pulled.err
    assert "-Every month {{ product }} sends an invoice." in pulled.err
    assert "+Every month Acme Corp sends an invoice." in pulled.err
    assert numstat(site.root) == {}


def test_template_like_dashboard_text_is_written_raw(site_factory: object, tmp_path: Path) -> None:
    site = authored(site_factory, tmp_path)
    payment = article_id(site, "Payment methods")
    html = html_of(site, payment) + "<p>Log in as {{accountName}} first.</p>"
    site.client.update_draft(payment, html=html)
    site.client.publish(payment)
    pulled = site.hcsync("pull", str(site.root))
    assert pulled.code == 0, pulled.err
    assert numstat(site.root) == {"billing/payment methods.md": (2, 0)}
    text = (site.root / "billing/payment methods.md").read_text(encoding="utf-8")
    assert text.endswith("\nLog in as {% raw %}{{accountName}}{% endraw %} first.\n")
    assert_in_sync(site)
