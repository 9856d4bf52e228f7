"""A lease an apply could not delete is deleted by the next apply of the tree.

An apply stopped after its lock is written but before its lease is deleted (killed
there, or its DELETE refused) leaves a lease draft. The next apply, creating nothing
and reading only what changed, lists no lease; it finds the id in `.hcsync/` and
deletes it. An id committed there by a pull request is deleted only if the help
center says it is a dead lease.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime

import pytest

from hcsync.local.cachedir import CACHE_DIR
from hcsync.plan.lease import BODY, is_lease, new_title
from tests.e2e.conftest import Site
from tests.e2e.test_incremental import NEW, applied, article_id, reads

# The first DELETE of an apply that creates asks whether the key may delete; the second
# gives the lease back. It is refused, every time it is tried.
REFUSED_RELEASE = {
    "method": "DELETE",
    "path": "/v0/centers/*/articles/*",
    "nth": 2,
    "times": 100,
    "status": 503,
}


def leases(site: Site) -> list[str]:
    return [d.id for d in site.client.list_drafts() if is_lease(d)]


def left_files(site: Site) -> list[str]:
    folder = site.root / CACHE_DIR
    return sorted(p.name for p in folder.glob("lease.*")) if folder.is_dir() else []


def apply_refused_its_release(site: Site, stop: str) -> None:
    """`hcsync apply` in a process of its own (the next apply's is another), its lease's
    DELETE refused: it ends (the articles are written, only the lease is left), or is
    killed while it tries again."""
    site.control.add_fault(**REFUSED_RELEASE)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    command = [sys.executable, "-m", "hcsync.cli", "apply", str(site.root), "--yes"]
    before = len(site.control.journal())
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    if stop == "refused":
        assert process.wait(timeout=120) == 0
    else:
        deadline = time.monotonic() + 60
        while not [
            e
            for e in site.control.journal()[before:]
            if e["method"] == "DELETE" and e["status"] == 503
        ]:
            assert process.poll() is None and time.monotonic() < deadline, "no refused release"
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait()
    site.control.clear_faults()


@pytest.mark.parametrize("stop", ["refused", "killed"])
def test_the_next_apply_deletes_the_lease_a_stopped_apply_left(example: Site, stop: str) -> None:
    applied(example).write("billing/bank-transfer.md", NEW)
    apply_refused_its_release(example, stop)
    [left] = leases(example)
    assert left_files(example) != []

    example.edit("billing/refunds.md", "14 days", "30 days")  # creates nothing: no lease
    applied(example)
    after_a_stop = example.control.journal()[example.mark :]
    assert "articles/drafts?expand%5B%5D=content&limit=100" not in reads(example)  # focused
    assert ("DELETE", f"/v0/centers/demo/articles/{left}") in [
        (e["method"], e["path"]) for e in after_a_stop
    ]
    assert leases(example) == []
    assert left_files(example) == []
    example.edit("billing/invoices.md", "invoice", "bill")
    applied(example)
    usual = example.control.journal()[example.mark :]
    assert len(after_a_stop) - len(usual) == 2  # the lease left: a GET and a DELETE
    assert example.plan("--detailed-exitcode", "--refresh").code == 0


def test_an_id_committed_in_the_cache_folder_deletes_no_article(example: Site) -> None:
    applied(example)
    refunds = article_id(example, "billing/refunds.md")
    (example.root / CACHE_DIR / "lease.1").write_text(f"{refunds}\n../../etc/passwd\n")
    example.edit("billing/invoices.md", "invoice", "bill")
    result = example.apply()
    assert result.code == 0, result.err
    deletes = [e for e in example.control.journal()[example.mark :] if e["method"] == "DELETE"]
    assert deletes == []
    assert example.client.get_draft(refunds).title == "Refunds"
    assert left_files(example) == []  # looked at once, then forgotten


def test_the_lease_of_a_running_apply_of_the_tree_is_left_to_it(example: Site) -> None:
    applied(example)
    holder = f"{socket.gethostname()}:{os.getpid()}"  # this process: running
    live = example.client.create_article(new_title(holder, datetime.now(UTC)), html=BODY)
    (example.root / CACHE_DIR / "lease.1").write_text(f"{live.id}\n")
    example.edit("billing/invoices.md", "invoice", "bill")
    applied(example)
    assert leases(example) == [live.id]
    assert left_files(example) == ["lease.1"]  # for the apply that holds it
