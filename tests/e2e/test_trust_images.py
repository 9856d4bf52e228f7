"""Image URLs from the remote HTML and from hcsync.lock: fetched only from the help
center's own hosts, without redirects off them, size-capped — checked with a canary."""

from __future__ import annotations

import json
import re
import time

import pytest

from hcsync.errors import FatalError
from hcsync.sync.cdn import MAX_IMAGE_BYTES, Downloader, ImageFetcher, NotServed, verified
from tests.canary import Answer, Canary
from tests.e2e.conftest import Site

PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 64


def test_a_redirect_off_the_help_center_host_is_not_followed(canary: Canary) -> None:
    with Canary().running() as elsewhere:
        target = elsewhere.route("/meta-data", Answer(PNG))
        url = canary.route("/cdn/images/1/a.png", Answer(status=302, location=target))
        with ImageFetcher(canary.url) as fetcher, pytest.raises(NotServed, match="not the help"):
            fetcher.fetch(url)
        assert elsewhere.requests == []


def test_a_redirect_on_the_same_host_is_followed(canary: Canary) -> None:
    target = canary.route("/cdn/images/2/b.png", Answer(PNG))
    url = canary.route("/cdn/images/1/a.png", Answer(status=301, location=target))

    with ImageFetcher(canary.url) as fetcher:
        assert fetcher.fetch(url) == PNG


def test_a_redirect_loop_ends(canary: Canary) -> None:
    url = canary.route("/loop.png", Answer(status=302, location="/loop.png"))

    with ImageFetcher(canary.url) as fetcher, pytest.raises(NotServed, match="redirects"):
        fetcher.fetch(url)
    assert len(canary.requests) == 4


def test_a_huge_body_is_cut_off_at_the_upload_limit(canary: Canary) -> None:
    url = canary.route("/huge.png", Answer(b"\x00" * 65536, endless=True))
    started = time.monotonic()

    with ImageFetcher(canary.url) as fetcher, pytest.raises(NotServed, match="over 10 MB"):
        fetcher.fetch(url)

    assert time.monotonic() - started < 10
    assert canary.sent < 4 * MAX_IMAGE_BYTES  # the socket buffers, not the whole "image"


def test_a_declared_huge_body_is_not_read(canary: Canary) -> None:
    url = canary.route("/big.png", Answer(b"\x00" * (MAX_IMAGE_BYTES + 1)))

    with ImageFetcher(canary.url) as fetcher, pytest.raises(NotServed, match="over 10 MB"):
        fetcher.fetch(url)


def test_a_slow_body_meets_the_deadline(canary: Canary) -> None:
    url = canary.route("/slow.png", Answer(b"\x00", endless=True))

    with ImageFetcher(canary.url, timeout=0.5) as fetcher, pytest.raises(NotServed):
        fetcher.fetch(url)


def test_plain_http_off_loopback_and_userinfo_urls_are_never_fetched() -> None:
    with ImageFetcher("https://api.help.center") as fetcher:
        assert not fetcher.allowed("http://cdn.help.center/a.png")
        assert not fetcher.allowed("https://169.254.169.254/latest/meta-data")
        assert not fetcher.allowed("https://user:pw@cdn.help.center/a.png")
        assert fetcher.allowed("https://cdn.help.center/images/a.png")
        assert fetcher.allowed("https://api.help.center/cdn/images/a.png")


def test_pulls_downloader_refuses_a_redirect_off_host(canary: Canary) -> None:
    with Canary().running() as elsewhere:
        url = canary.route("/a.png", Answer(status=302, location=elsewhere.url + "/a.png"))
        downloader = Downloader(canary.url)
        with pytest.raises(FatalError, match="cannot download image"):
            downloader.get(url)
        downloader.close()
        assert elsewhere.requests == []


def test_verified_skips_a_foreign_candidate_without_fetching_it(
    canary: Canary, emulator_url: str
) -> None:
    url = canary.route("/a.png", Answer(PNG))

    assert verified({"digest": [url]}, emulator_url) == {}
    assert canary.requests == []


def _lock(site: Site) -> dict[str, object]:
    data: dict[str, object] = json.loads((site.root / "hcsync.lock").read_text(encoding="utf-8"))
    return data


def test_a_foreign_image_url_in_the_lock_is_never_fetched_and_the_image_is_uploaded_again(
    example: Site, canary: Canary
) -> None:
    assert example.apply().code == 0
    lock = _lock(example)
    images = lock["images"]
    assert isinstance(images, dict) and images
    digest = sorted(images)[0]
    images[digest] = canary.route("/stolen.png", Answer(PNG))  # what a pull request can write
    (example.root / "hcsync.lock").write_text(json.dumps(lock), encoding="utf-8")

    plan = example.plan("--refresh")
    example.edit("getting-started/create-your-account.md", "\n\n", "\n\nEdited.\n\n")
    applied = example.apply("--refresh")

    # The URL is dropped unfetched; the help center's own copy (found in its HTML and
    # checked byte for byte) takes its place, so nothing needs uploading.
    assert plan.code == 0, plan.err
    assert canary.url not in plan.out
    assert applied.code == 0, applied.err
    assert canary.requests == []
    for article in example.client.list_drafts(content=True):
        assert canary.url not in (article.content.html if article.content else "")


def test_a_foreign_image_url_in_the_remote_html_is_never_fetched(
    example: Site, canary: Canary
) -> None:
    assert example.apply().code == 0
    (example.root / "hcsync.lock").unlink()  # lost: images are matched through the HTML
    url = canary.route("/planted.png", Answer(PNG))
    planted = 0
    for article in example.client.list_drafts(content=True):
        html = article.content.html if article.content else ""
        if "<img" in html:  # a dashboard editor points the image elsewhere
            example.client.update_draft(
                article.id, html=re.sub(r'src="[^"]*"', f'src="{url}"', html)
            )
            planted += 1
    assert planted

    result = example.plan()

    assert result.code in (0, 1), result.err
    assert canary.requests == []


def test_a_live_check_asks_with_head_and_never_follows_it_off_host(canary: Canary) -> None:
    with Canary().running() as elsewhere:
        alive = canary.route("/alive.png", Answer(PNG))
        moved = canary.route("/moved.png", Answer(status=302, location=elsewhere.url + "/x.png"))
        with ImageFetcher(canary.url) as fetcher:
            assert fetcher.serves(alive)
            assert not fetcher.serves(moved)
        assert [m for m, path, _ in canary.requests if path == "/alive.png"] == ["HEAD"]
        assert elsewhere.requests == []
