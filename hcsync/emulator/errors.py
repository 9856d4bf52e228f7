"""Errors as the API returns them: `{"error": {"type", "message", "code"}}`."""

from __future__ import annotations

from starlette.responses import JSONResponse

_TYPES = {401: "authentication_error", 429: "rate_limit_error"}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def response(self) -> JSONResponse:
        return error_response(self.status, self.code, self.message)


def error_response(status: int, code: str, message: str) -> JSONResponse:
    type_ = "api_error" if status >= 500 else _TYPES.get(status, "invalid_request_error")
    body = {"error": {"type": type_, "message": message, "code": code}}
    return JSONResponse(body, status_code=status)


def not_found(what: str, ident: str) -> ApiError:
    return ApiError(404, "not_found", f"{what} '{ident}' not found")


def missing_field(message: str) -> ApiError:
    return ApiError(400, "missing_required_field", message)


def invalid(code: str, message: str) -> ApiError:
    return ApiError(400, code, message)
