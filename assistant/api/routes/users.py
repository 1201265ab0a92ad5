"""Users: who you are, your token; creating users and changing roles (admins)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response, status
from pydantic import AfterValidator

from assistant.api.deps import ActorDep, DbDep
from assistant.api.problems import problem_responses
from assistant.api.schemas import TokenOut, UserCreate, UserCreated, UserRoleChange, plain_ref
from tools import (
    UserRef,
    UserView,
    create_user,
    deactivate_user,
    list_users,
    rotate_token,
    set_role,
)

router = APIRouter(tags=["users"])

UserPath = Annotated[
    str,
    Path(max_length=320, description="User id, name or email."),
    AfterValidator(plain_ref),
]


@router.get("/me", response_model=UserRef, responses=problem_responses(401))
def me(actor: ActorDep) -> UserRef:
    """The user the token belongs to, and their role."""
    return actor


@router.post("/me/token", response_model=TokenOut, responses=problem_responses(401))
def new_token(db: DbDep, actor: ActorDep) -> TokenOut:
    """A new API token for yourself (shown once); the one you used stops working."""
    return TokenOut(token=rotate_token(db, actor))


@router.get("/users", response_model=list[UserView], responses=problem_responses(401, 403))
def users(db: DbDep, actor: ActorDep) -> list[UserView]:
    """Admin: every user."""
    return list_users(db, actor)


@router.post(
    "/users",
    response_model=UserCreated,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(400, 401, 403, 409, 422),
)
def add_user(body: UserCreate, db: DbDep, actor: ActorDep, response: Response) -> UserCreated:
    """Admin: add a user with a role; their API token is in the answer (only this once)."""
    view, token = create_user(db, actor, body.name, body.email, body.role)
    response.headers["Location"] = f"/api/v1/users/{view.id}"
    return UserCreated(id=view.id, name=view.name, email=view.email, role=view.role, token=token)


@router.put(
    "/users/{user}/role",
    response_model=UserView,
    responses=problem_responses(400, 401, 403, 404, 409, 422),
)
def change_role(user: UserPath, body: UserRoleChange, db: DbDep, actor: ActorDep) -> UserView:
    """Admin: change a user's role (the last admin keeps theirs)."""
    return set_role(db, actor, user, body.role)


@router.post(
    "/users/{user}/deactivate",
    response_model=UserView,
    responses=problem_responses(401, 403, 404, 409),
)
def deactivate(user: UserPath, db: DbDep, actor: ActorDep) -> UserView:
    """Admin: disable a user and revoke their token."""
    return deactivate_user(db, actor, user)


@router.post(
    "/users/{user}/token",
    response_model=TokenOut,
    responses=problem_responses(401, 403, 404),
)
def issue_token(user: UserPath, db: DbDep, actor: ActorDep) -> TokenOut:
    """Admin: a new API token for a user (shown once); their old one stops working."""
    return TokenOut(token=rotate_token(db, actor, user))
