"""`hcsync pull` against the real emulator: a lossless round trip, then nothing to apply."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import Site


def pulled(site_factory: object, name: str = "pulled") -> Site:
    return site_factory(None, name)  # type: ignore[operator,no-any-return]


def assert_in_sync(site: Site) -> None:
    """check clean, plan empty, apply sends no mutation."""
    check = site.hcsync("check", str(site.root))
    assert check.code == 0, check.out + check.err
    plan = site.plan("--detailed-exitcode")
    assert plan.code == 0, plan.out + plan.err
    assert "No changes" in plan.out
    applied = site.apply()
    assert applied.code == 0, applied.out + applied.err
    assert site.calls() == []


def test_content_example_applied_then_pulled_into_an_empty_folder(
    example: Site, site_factory: object
) -> None:
    assert example.apply().code == 0
    target = pulled(site_factory)
    result = target.hcsync("pull", str(target.root))
    assert result.code == 0, result.err
    assert target.calls() == []  # pull never changes the help center
    assert (target.root / "hcsync.yml").is_file() and (target.root / "hcsync.lock").is_file()
    written = sorted(p.relative_to(target.root).as_posix() for p in target.root.rglob("*.md"))
    assert len(written) == len(list(Path(example.root).rglob("*.md")))
    assert_in_sync(target)
