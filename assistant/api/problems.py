"""Errors as ``application/problem+json`` (RFC 9457), mapped centrally from the use cases' errors.

Every error response names what went wrong (``title``, ``detail``) and, for bad input,
the fields and reasons (``errors``). A conflict names both sides (``mine`` / ``theirs``)
and the head to re-read. Pages (paths outside ``/api``) get the same information as HTML.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from tools import (
    Conflict,
    ConflictingEdit,
    EditError,
    InvalidEdit,
    InvalidRequest,
    NetworkImportError,
    NetworkValidationError,
    NotFound,
    PermissionDenied,
    ToolError,
    edit_json_schemas,
)

__all__ = [
    "PROBLEM_JSON",
    "ApiProblem",
    "ErrorItem",
    "LoginRequired",
    "Problem",
    "install_problem_handlers",
    "problem_responses",
]

PROBLEM_JSON = "application/problem+json"
_log = logging.getLogger("lanewise.api")


class ErrorItem(BaseModel):
    """One invalid input: which field (body path, header, query, file location) and why."""

    field: str = Field(examples=["edits[0].factor"])
    reason: str = Field(examples=["Input should be greater than or equal to 0"])


class Problem(BaseModel):
    """An error: ``type`` and ``title`` say which kind, ``detail`` says what happened."""

    type: str = Field(default="about:blank", examples=["/problems/conflict"])
    title: str = Field(examples=["Conflict"])
    status: int = Field(examples=[409])
    detail: str
    instance: str | None = Field(default=None, description="The request path.")
    errors: list[ErrorItem] = Field(default_factory=list)
    mine: list[ConflictingEdit] | None = Field(
        default=None, description="Conflicts: your edits that overlap."
    )
    theirs: list[ConflictingEdit] | None = Field(
        default=None, description="Conflicts: the edits that landed first and overlap yours."
    )
    head: int | None = Field(default=None, description="Conflicts: the head to re-read.")


class ApiProblem(Exception):
    """Raised by endpoints for HTTP-level problems (missing header, bad token ...)."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        *,
        errors: Sequence[ErrorItem] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = list(errors)
        self.headers = headers or {}


class LoginRequired(Exception):
    """A page needs a signed-in user: the browser is sent to the login form."""


_SLUGS = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    412: "precondition-failed",
    413: "too-large",
    422: "invalid-input",
    428: "precondition-required",
    500: "server-error",
}
_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    412: "Precondition failed",
    413: "Content too large",
    422: "Invalid input",
    428: "Precondition required",
    500: "Server error",
}

_FIRST_WORD = re.compile(r"^(?P<field>[a-z_][a-z0-9_]*)\b(?: '[^']*')?:? ?(?P<rest>.*)$", re.S)


def _input_names(request: Request) -> set[str]:
    """Names of the inputs the matched endpoint takes: body fields, query, path, headers."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    names: set[str] = set()
    stack = [dependant] if dependant is not None else []
    while stack:
        dep = stack.pop()
        for group in ("path_params", "query_params", "header_params"):
            for param in getattr(dep, group, ()):
                names.add(str(getattr(param, "alias", None) or getattr(param, "name", "")))
        for param in getattr(dep, "body_params", ()):
            annotation = getattr(getattr(param, "field_info", None), "annotation", None)
            fields = getattr(annotation, "model_fields", None)
            if isinstance(fields, dict):
                names.update(fields)
            else:
                names.add(str(getattr(param, "alias", None) or getattr(param, "name", "")))
        stack.extend(getattr(dep, "dependencies", ()))
    return names


def field_errors(
    message: str, names: set[str], default_field: str | None = None
) -> list[ErrorItem]:
    """The input a use case's message is about (``"reason: say why ..."``, ``"name 'x' is
    reserved"``) when its first word names one of the endpoint's inputs."""
    m = _FIRST_WORD.match(message)
    if m and m["field"] in names:
        reason = m["rest"] if message[len(m["field"]) :].startswith(":") else message
        return [ErrorItem(field=m["field"], reason=reason or message)]
    if default_field is not None:
        return [ErrorItem(field=default_field, reason=message)]
    return []


def _loc(loc: Sequence[Any]) -> str:
    """``("body", "edits", 0, "scale_demand", "factor")`` → ``edits[0].factor``."""
    parts = list(loc)
    where = parts.pop(0) if parts and parts[0] in ("body", "query", "path", "header") else ""
    if where == "header":
        return "-".join(str(p).replace("_", "-").title() for p in parts) or "header"
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        elif p in _EDIT_TAGS and out.endswith("]"):
            continue  # the union tag of an edit ("scale_demand") adds nothing to the path
        else:
            out += f".{p}" if out else str(p)
    return out or where or "request"


_EDIT_TAGS = frozenset(edit_json_schemas())
"""Every edit's ``op`` (the union tags pydantic puts in an edit's error location)."""


def _where(issue: Any) -> str:
    parts = [str(issue.file)]
    if getattr(issue, "sheet", None):
        parts.append(f"sheet {issue.sheet}")
    if issue.row is not None:
        parts.append(f"row {issue.row}")
    if issue.column is not None:
        parts.append(f"column {issue.column}")
    return ", ".join(parts)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api")


def problem_response(
    request: Request,
    status: int,
    detail: str,
    *,
    title: str | None = None,
    errors: Sequence[ErrorItem] = (),
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    """A problem+json response for the API, an HTML error page elsewhere."""
    problem = Problem(
        type=f"/problems/{_SLUGS.get(status, 'error')}",
        title=title or _TITLES.get(status, "Error"),
        status=status,
        detail=detail,
        instance=request.url.path,
        errors=list(errors),
        **extra,
    )
    if not _is_api(request):
        templates = getattr(request.app.state, "templates", None)
        if templates is not None:
            from assistant.api.deps import page_actor  # deps imports this module

            cookie = request.cookies.get("lanewise_session")
            csrf = request.app.state.signer.csrf_token(cookie) if cookie else ""
            return templates.TemplateResponse(  # type: ignore[no-any-return]
                request,
                "error.html",
                {"problem": problem, "user": page_actor(request), "csrf": csrf},
                status_code=status,
                headers=headers,
            )
        return HTMLResponse(f"<h1>{problem.title}</h1><p>{problem.detail}</p>", status)
    return JSONResponse(
        problem.model_dump(mode="json", exclude_none=True),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def install_problem_handlers(app: FastAPI) -> None:
    """Map every error the app can raise to one problem response (never a bare 500 on input)."""

    async def api_problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiProblem)
        return problem_response(
            request,
            exc.status,
            exc.detail,
            title=exc.title,
            errors=exc.errors,
            headers=exc.headers,
        )

    async def login_required(request: Request, exc: Exception) -> Response:
        target = request.url.path
        if request.url.query:
            target += "?" + request.url.query
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    async def not_found(request: Request, exc: Exception) -> Response:
        return problem_response(request, 404, str(exc))

    async def forbidden(request: Request, exc: Exception) -> Response:
        return problem_response(request, 403, str(exc))

    async def conflict(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Conflict)
        return problem_response(
            request, 409, str(exc), mine=exc.mine, theirs=exc.theirs, head=exc.head_n
        )

    async def invalid_edit(request: Request, exc: Exception) -> Response:
        return problem_response(
            request,
            422,
            str(exc),
            title="Invalid edit",
            errors=[ErrorItem(field="edits", reason=str(exc).removeprefix("invalid edit: "))],
        )

    async def invalid_request(request: Request, exc: Exception) -> Response:
        errors = field_errors(str(exc), _input_names(request))
        return problem_response(request, 400, str(exc), errors=errors)

    async def import_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, NetworkImportError)
        errors = [ErrorItem(field=_where(i), reason=i.reason) for i in exc.issues]
        return problem_response(
            request, 422, str(exc), title="Network cannot be imported", errors=errors
        )

    async def network_invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, NetworkValidationError)
        errors = [
            ErrorItem(field=f"{i.entity} {i.entity_id}.{i.field}", reason=i.reason)
            for i in exc.issues
        ]
        return problem_response(request, 422, str(exc), title="Invalid network", errors=errors)

    async def validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = [
            ErrorItem(field=_loc(e.get("loc", ())), reason=str(e["msg"])) for e in exc.errors()
        ]
        detail = "; ".join(f"{e.field}: {e.reason}" for e in errors) or "invalid request"
        return problem_response(request, 422, detail, errors=errors)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        detail = exc.detail if isinstance(exc.detail, str) else _TITLES.get(exc.status_code, "")
        return problem_response(
            request, exc.status_code, detail, headers=dict(exc.headers or {}) or None
        )

    async def tool_error(request: Request, exc: Exception) -> Response:
        return problem_response(request, 400, str(exc))

    async def server_error(request: Request, exc: Exception) -> Response:
        _log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem_response(
            request, 500, f"{type(exc).__name__}: the server could not complete this request"
        )

    app.add_exception_handler(ApiProblem, api_problem)
    app.add_exception_handler(LoginRequired, login_required)
    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(PermissionDenied, forbidden)
    app.add_exception_handler(Conflict, conflict)
    app.add_exception_handler(InvalidEdit, invalid_edit)
    app.add_exception_handler(EditError, invalid_edit)
    app.add_exception_handler(InvalidRequest, invalid_request)
    app.add_exception_handler(NetworkImportError, import_error)
    app.add_exception_handler(NetworkValidationError, network_invalid)
    app.add_exception_handler(RequestValidationError, validation)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(ToolError, tool_error)
    app.add_exception_handler(Exception, server_error)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries documenting problem+json errors of an endpoint."""
    return {
        s: {
            "model": Problem,
            "description": _TITLES.get(s, "Error"),
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for s in statuses
    }
