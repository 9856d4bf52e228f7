"""The runs of benchmarks/crash_kill.py: break an apply, finish it, check what is left."""

from __future__ import annotations

import fnmatch
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from random import Random
from typing import Any

from crash_checks import Check, Tally, duplicates, unparsable

from hcsync.api import ApiSettings, HelpCenterClient, RetryPolicy, Secret
from hcsync.emulator.control_client import EmulatorControl
from hcsync.sync.lockfile import LOCK_NAME

MODES = ("kill", "lost-lock", "drop-after", "race")
SCENARIOS = ("first", "edit")  # a first apply into an empty center, or an apply of edits
EXAMPLE = Path(__file__).resolve().parent.parent / "content-example"
TIMEOUT = 300


class Harness:
    def __init__(self, url: str, profile: str, latency_ms: int, workdir: Path, rng: Random):
        self.control = EmulatorControl(url)
        self.profile, self.latency_ms, self.workdir, self.rng = profile, latency_ms, workdir, rng
        settings = ApiSettings(api_url=url, center_id="demo", api_key=Secret("demo-key"))
        self.client = HelpCenterClient(settings, retry=RetryPolicy(attempts=2, base_delay=0.01))
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("HC_")}
        self.env |= {"HC_API_URL": url, "HC_CENTER_ID": "demo", "HC_API_KEY": "demo-key"}
        self._checkouts = 0
        self._references: dict[str, list[dict[str, Any]]] = {}
        self._first_target = 0
        self.findings: list[str] = []  # failures of applies that nothing broke

    def close(self) -> None:
        self.client.close()
        self.control.close()

    def run_mode(self, mode: str, runs: int) -> Tally:
        tally = Tally(mode)
        for number in range(runs):
            tally.add(getattr(self, "_" + mode.replace("-", "_"))(number))
        return tally

    # -- the modes ---------------------------------------------------------------

    def _kill(self, number: int, keep_lock: bool = True) -> Check:
        scenario = SCENARIOS[number % 2]
        writes = len(self._reference(scenario))
        root = self._prepare(scenario)
        lock_before = _read_bytes(root / LOCK_NAME)
        k, extra = self.rng.randint(1, max(writes, 1)), self.rng.uniform(0, self.latency_ms / 1000)
        self._add_latency()
        killed = self._apply_killed_after(root, k, extra)
        what = f"{scenario} apply killed after write {k}/{writes}" if killed else "not killed"
        if not keep_lock:
            _restore(root / LOCK_NAME, lock_before)
            what += ", lock restored"
        return self._finish(root, f"run {number} ({what})")

    def _lost_lock(self, number: int) -> Check:
        return self._kill(number, keep_lock=False)

    def _drop_after(self, number: int) -> Check:
        targets = self._drop_targets()
        if number == 0:  # where the round of kinds starts: a few runs still sample them all
            self._first_target = self.rng.randrange(len(targets))
        target = targets[(self._first_target + number) % len(targets)]
        scenario, kind, method, pattern, positions = target
        nth = self.rng.choice(positions)
        root = self._prepare(scenario)
        self.control.add_fault(method=method, path=pattern, nth=nth, action="drop_after")
        self._add_latency()
        first = self._hcsync("apply", str(root), "--yes")
        what = f"run {number} ({scenario} apply, {kind} #{nth} committed then dropped"
        return self._finish(root, f"{what}, apply exit {first.returncode})")

    def _race(self, number: int) -> Check:
        self._reset()
        roots = [self._checkout(), self._checkout()]
        self._add_latency()
        procs = [self._popen("apply", str(root), "--yes") for root in roots]
        codes = []
        for proc in procs:
            _out, err = proc.communicate(timeout=TIMEOUT)
            codes.append(
                f"{proc.returncode}" + (f" ({_last_line(err)})" if proc.returncode else "")
            )
        return self._finish(roots[0], f"run {number} (exits {', '.join(codes)})", also=roots[1:])

    # -- building blocks -----------------------------------------------------------

    def _finish(self, root: Path, what: str, also: list[Path] | None = None) -> Check:
        """Apply to completion without faults, then check duplicates, locks and the plan."""
        self.control.clear_faults()
        rerun = self._hcsync("apply", str(root), "--yes")
        plan = self._hcsync("plan", str(root), "--detailed-exitcode")
        return Check(
            duplicates=duplicates(self.client),
            unparsable=unparsable(root) + sum(unparsable(r, required=False) for r in also or []),
            plan_code=plan.returncode,
            what=what,
            rerun=f"exit {rerun.returncode} ({_last_line(rerun.stderr)})"
            if rerun.returncode
            else "",
        )

    def _reference(self, scenario: str) -> list[dict[str, Any]]:
        """The writes of an unbroken apply of this scenario (its journal entries)."""
        if scenario not in self._references:
            root = self._prepare(scenario)
            mark = len(self.control.journal())
            self._unbroken(f"the {scenario} apply (reference)", root)
            self._references[scenario] = self.control.mutations(mark)
        return self._references[scenario]

    def _drop_targets(self) -> list[tuple[str, str, str, str, list[int]]]:
        """Per scenario and kind of write: a fault pattern and the n-ths that hit that kind."""
        targets: dict[tuple[str, str], tuple[str, str, str, str, list[int]]] = {}
        for scenario in SCENARIOS:
            for entry in self._reference(scenario):
                kind, pattern = _kind(entry["method"], entry["path"])
                if (scenario, kind) in targets:
                    continue
                same = [
                    e
                    for e in self._reference(scenario)
                    if e["method"] == entry["method"] and fnmatch.fnmatchcase(e["path"], pattern)
                ]
                positions = [
                    n for n, e in enumerate(same, 1) if _kind(e["method"], e["path"])[0] == kind
                ]
                targets[scenario, kind] = (scenario, kind, entry["method"], pattern, positions)
        return list(targets.values())

    def _prepare(self, scenario: str) -> Path:
        """A fresh center and a checkout: empty center, or synced and then every page edited."""
        self._reset()
        root = self._checkout()
        if scenario == "edit":
            self._unbroken("the apply before the edits", root)
            _edit_everything(root)
        return root

    def _reset(self) -> None:
        self.control.reset({"profile": self.profile, "rate_limit": "off"})

    def _checkout(self) -> Path:
        self._checkouts += 1
        root = self.workdir / f"checkout-{self._checkouts}"
        shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".hcsync", LOCK_NAME))
        return root

    def _add_latency(self) -> None:
        self.control.add_fault(
            path="/v0/*", action="latency", latency_ms=self.latency_ms, times=10**9
        )

    def _apply_killed_after(self, root: Path, writes: int, extra: float) -> bool:
        """SIGKILL the apply `extra` seconds after its `writes`-th write reached the server."""
        mark = len(self.control.journal())
        proc = self._popen("apply", str(root), "--yes")
        try:
            while proc.poll() is None:
                if len(self.control.mutations(mark)) >= writes:
                    time.sleep(extra)
                    proc.send_signal(signal.SIGKILL)
                    return proc.wait(timeout=TIMEOUT) == -signal.SIGKILL
                time.sleep(0.01)
            return False
        finally:
            proc.communicate(timeout=TIMEOUT)

    def _popen(self, *args: str) -> subprocess.Popen[str]:
        command = [sys.executable, "-m", "hcsync.cli", *args]
        return subprocess.Popen(
            command, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )

    def _unbroken(self, what: str, root: Path) -> None:
        """An apply nothing breaks; its failure is a finding too (noted once, not raised)."""
        result = self._hcsync("apply", str(root), "--yes")
        note = f"{what} failed with nothing broken: {_last_line(result.stderr)}"
        if result.returncode != 0 and note not in self.findings:
            self.findings.append(note)

    def _hcsync(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "hcsync.cli", *args]
        return subprocess.run(
            command, env=self.env, capture_output=True, text=True, timeout=TIMEOUT
        )


def _kind(method: str, path: str) -> tuple[str, str]:
    """A write's kind and a fault pattern that matches every write of that kind."""
    tail = path.split("/")[4:]  # after /v0/centers/<center>
    if tail == ["articles"]:
        return "article create", "/v0/centers/*/articles"
    if tail[:2] == ["articles", "categories"]:
        return f"category {method}", "/v0/centers/*/articles/categories*"
    if tail[-1] == "images":
        return "image upload", "/v0/centers/*/images"
    if "translations" in tail:
        return f"translation {tail[-1]}", f"/v0/centers/*/translations/*/{tail[-1]}"
    return f"article {tail[-1]}", f"/v0/centers/*/{tail[-1]}"


def _edit_everything(root: Path) -> None:
    """Change every page and every category description, as a day of work would."""
    for page in sorted(root.rglob("*.md")):
        page.write_text(page.read_text(encoding="utf-8") + "\nRevised.\n", encoding="utf-8")
    for category in sorted(root.rglob("_category.yml")):
        text = category.read_text(encoding="utf-8")
        category.write_text(text.replace("description: ", "description: Revised. ", 1))


def _read_bytes(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


def _restore(path: Path, data: bytes | None) -> None:
    if data is None:
        path.unlink(missing_ok=True)
    else:
        path.write_bytes(data)


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:160] if lines else ""
