"""Keys, scopes, centers and the error shape, over real HTTP."""

from __future__ import annotations

import httpx
import pytest

from hcsync.api import Forbidden, HelpCenterClient, NotFound, Unauthorized
from tests.conftest import make_client


def raw(
    url: str, method: str, path: str, key: str | None = "demo-key", **kw: object
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return httpx.request(method, url + path, headers=headers, **kw)  # type: ignore[arg-type]


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, str]:
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"type", "message", "code"}
    assert body["error"]["code"] == code
    return dict(body["error"])


def test_missing_key_is_401_invalid_api_key(emulator_url: str, control: object) -> None:
    assert_error(raw(emulator_url, "GET", "/v0/centers/demo", key=None), 401, "invalid_api_key")


def test_wrong_key_is_401_and_client_raises_unauthorized(
    emulator_url: str, control: object
) -> None:
    assert_error(raw(emulator_url, "GET", "/v0/centers/demo", key="nope"), 401, "invalid_api_key")
    with make_client(emulator_url, key="nope") as c, pytest.raises(Unauthorized) as info:
        c.get_center()
    assert info.value.code == "invalid_api_key"
    assert "nope" not in str(info.value)


@pytest.mark.parametrize(
    ("method", "path", "scope"),
    [
        ("POST", "/v0/centers/demo/articles", "content.write"),
        ("POST", "/v0/centers/demo/articles/x/publish", "content.publish"),
        ("DELETE", "/v0/centers/demo/articles/x", "content.delete"),
        ("POST", "/v0/centers/demo/articles/categories", "content.write"),
    ],
)
def test_missing_scope_is_403_naming_the_scope(
    emulator_url: str, control: object, method: str, path: str, scope: str
) -> None:
    error = assert_error(
        raw(emulator_url, method, path, key="read-key", json={"title": "t"}),
        403,
        "insufficient_scope",
    )
    assert f"'{scope}'" in error["message"]
    assert error["type"] == "invalid_request_error"


def test_write_key_cannot_publish_and_nothing_changes(emulator_url: str, control: object) -> None:
    with make_client(emulator_url, key="write-key") as c:
        draft = c.create_article("Hello")
        with pytest.raises(Forbidden) as info:
            c.publish(draft.id)
        assert info.value.code == "insufficient_scope"
        assert c.get_draft(draft.id).status == "unpublished"


def test_another_centers_id_is_404(emulator_url: str, control: object) -> None:
    assert_error(raw(emulator_url, "GET", "/v0/centers/other"), 404, "not_found")
    with make_client(emulator_url, center="other") as c, pytest.raises(NotFound):
        c.get_center()


def test_blocked_center_is_403_center_blocked(emulator_url: str, control: object) -> None:
    response = raw(emulator_url, "GET", "/v0/centers/blocked", key="blocked-key")
    assert_error(response, 403, "center_blocked")


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/v0/centers/demo/nothing"), ("PUT", "/v0/centers/demo/articles"), ("GET", "/v1/x")],
)
def test_unknown_endpoint_is_404_endpoint_not_found(
    emulator_url: str, control: object, method: str, path: str
) -> None:
    assert_error(raw(emulator_url, method, path), 404, "endpoint_not_found")


def test_center_info(client: HelpCenterClient) -> None:
    center = client.get_center()
    assert (center.id, center.domain, center.default_language) == ("demo", "demo.help.center", "en")
    assert center.additional_languages == ("de", "fr", "es")


def test_invalid_json_body_is_400(emulator_url: str, control: object) -> None:
    response = raw(emulator_url, "POST", "/v0/centers/demo/articles", content=b"{nope")
    assert_error(response, 400, "invalid_json")


def test_unknown_field_is_refused_and_named(emulator_url: str, control: object) -> None:
    response = raw(
        emulator_url, "POST", "/v0/centers/demo/articles", json={"title": "t", "body": "x"}
    )
    error = assert_error(response, 400, "unknown_parameter")
    assert "'body'" in error["message"]
    assert control.journal()[-1]["status"] == 400  # type: ignore[attr-defined]
