"""Images: multipart field `image`, 10 MB, type by content, served back."""

from __future__ import annotations

import httpx
import pytest

from hcsync.api import BadRequest, HelpCenterClient, NotFound

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
SAMPLES = {
    "a.png": PNG,
    "b.jpg": b"\xff\xd8\xff\xe0" + b"\x00" * 16,
    "c.gif": b"GIF89a" + b"\x00" * 16,
    "d.webp": b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 8,
    "e.svg": b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>',
}


@pytest.mark.parametrize(("name", "data"), SAMPLES.items())
def test_supported_formats_upload_and_serve_back(
    client: HelpCenterClient, name: str, data: bytes
) -> None:
    image = client.upload_image(name, data)
    assert image.size == len(data)
    assert image.filename == name
    served = httpx.get(image.url)
    assert served.status_code == 200
    assert served.content == data


def test_type_is_judged_by_content_not_name(client: HelpCenterClient) -> None:
    with pytest.raises(BadRequest) as info:
        client.upload_image("fake.png", b"just text, not an image")
    assert info.value.code == "invalid_image_type"
    assert client.upload_image("really-a-png.txt", PNG).filename == "really-a-png.txt.png"


def test_over_10_mb_is_refused(client: HelpCenterClient) -> None:
    with pytest.raises(BadRequest) as info:
        client.upload_image("big.png", PNG + b"\x00" * (10 * 1024 * 1024))
    assert info.value.code == "file_too_large"


def test_article_upload_endpoint(client: HelpCenterClient) -> None:
    draft = client.create_article("x")
    assert httpx.get(client.upload_image("a.png", PNG, article_id=draft.id).url).content == PNG
    with pytest.raises(NotFound):
        client.upload_image("a.png", PNG, article_id="missing")


def test_missing_image_field_is_400(emulator_url: str, control: object) -> None:
    response = httpx.post(
        f"{emulator_url}/v0/centers/demo/articles/images",
        files={"file": ("a.png", PNG)},
        headers={"Authorization": "Bearer demo-key"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "missing_required_field"
