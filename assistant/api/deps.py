"""Dependencies shared by the routers: the database, the settings and the acting user.

``ActorDep`` is the user behind ``Authorization: Bearer <token>`` (401 when the token is
missing, malformed, unknown or revoked); pages use ``PageActorDep`` (the signed session
cookie, or a redirect to the login form).
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from assistant.api.problems import ApiProblem, ErrorItem, LoginRequired
from assistant.api.security import SESSION_COOKIE, SessionSigner
from assistant.config import AssistantSettings
from tools import Database, NotFound, PermissionDenied, UserRef, authenticate, session_user

__all__ = [
    "ActorDep",
    "DbDep",
    "IfMatchDep",
    "PageActorDep",
    "SettingsDep",
    "SignerDep",
    "get_actor",
    "get_db",
    "get_page_actor",
    "get_settings",
    "require_if_match",
]


def get_db(request: Request) -> Database:
    """The database the app was created with."""
    db: Database = request.app.state.db
    return db


def get_settings(request: Request) -> AssistantSettings:
    """The settings the app was created with."""
    settings: AssistantSettings = request.app.state.settings
    return settings


def get_signer(request: Request) -> SessionSigner:
    """The signer of the web session cookies."""
    signer: SessionSigner = request.app.state.signer
    return signer


DbDep = Annotated[Database, Depends(get_db)]
SettingsDep = Annotated[AssistantSettings, Depends(get_settings)]
SignerDep = Annotated[SessionSigner, Depends(get_signer)]

_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="An API token (`lw_…`), issued when a user is created; sent as "
    "`Authorization: Bearer <token>`.",
)

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="lanewise"'}


def get_actor(
    db: DbDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> UserRef:
    """The active user holding the bearer token; 401 otherwise."""
    if credentials is None or not credentials.credentials.strip():
        raise ApiProblem(
            401,
            "Unauthorized",
            "send an API token as 'Authorization: Bearer <token>'",
            errors=[ErrorItem(field="Authorization", reason="missing bearer token")],
            headers=_CHALLENGE,
        )
    try:
        return authenticate(db, credentials.credentials)
    except PermissionDenied as exc:
        raise ApiProblem(
            401,
            "Unauthorized",
            str(exc),
            errors=[ErrorItem(field="Authorization", reason="invalid or revoked token")],
            headers={
                **_CHALLENGE,
                "WWW-Authenticate": 'Bearer realm="lanewise", error="invalid_token"',
            },
        ) from None


ActorDep = Annotated[UserRef, Depends(get_actor)]


def page_actor(request: Request) -> UserRef | None:
    """The user of the request's session cookie, if it is valid, not ended (sign-out, token
    rotation) and the user still active."""
    signer: SessionSigner = request.app.state.signer
    session = signer.read(request.cookies.get(SESSION_COOKIE))
    if session is None:
        return None
    try:
        return session_user(request.app.state.db, session.user_id, session.generation)
    except (PermissionDenied, NotFound):
        return None


def get_page_actor(request: Request) -> UserRef:
    """The signed-in user of a page; otherwise the browser goes to the login form."""
    actor = page_actor(request)
    if actor is None:
        raise LoginRequired()
    return actor


PageActorDep = Annotated[UserRef, Depends(get_page_actor)]

_ETAG = re.compile(r'^\s*(?:W/)?"?(\d{1,9})"?\s*$')


def require_if_match(
    if_match: Annotated[
        str | None,
        Header(
            description='The head version the change is based on, e.g. `"3"` (from the '
            "scenario's `ETag`); `*` means whatever the head is now.",
            examples=['"3"'],
        ),
    ] = None,
) -> int | None:
    """The expected head named by ``If-Match`` (None for ``*``); 428 if absent, 400 if bad."""
    if if_match is None or not if_match.strip():
        raise ApiProblem(
            428,
            "Precondition required",
            'name the head version your change is based on: If-Match: "<n>" (the scenario\'s ETag)',
            errors=[ErrorItem(field="If-Match", reason="missing")],
        )
    if if_match.strip() == "*":
        return None
    m = _ETAG.match(if_match)
    if m is None or int(m[1]) < 1:
        raise ApiProblem(
            400,
            "Bad request",
            f'If-Match {if_match!r} is not a version number like "3"',
            errors=[ErrorItem(field="If-Match", reason='expected a version number such as "3"')],
        )
    return int(m[1])


IfMatchDep = Annotated[int | None, Depends(require_if_match)]
