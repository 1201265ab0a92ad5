"""What every ``lanewise`` command shares: who acts, JSON output, typed errors as exit 1."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape

from tools import Conflict, Database, ToolError, UserRef, default_database, first_admin, user_ref

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
UserOpt = Annotated[
    str | None,
    typer.Option(
        "--user",
        envvar="LANEWISE_USER",
        help="Act as this user (name, email or id); default: the first admin.",
    ),
]


def out() -> Console:
    return Console(soft_wrap=True)


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def dump(value: BaseModel | list[Any]) -> Any:
    if isinstance(value, list):
        return [v.model_dump(mode="json") for v in value]
    return value.model_dump(mode="json")


def error_payload(exc: Exception) -> dict[str, Any]:
    payload: dict[str, Any] = {"error": type(exc).__name__, "message": str(exc)}
    if isinstance(exc, Conflict):
        payload["mine"] = [c.model_dump() for c in exc.mine]
        payload["theirs"] = [c.model_dump() for c in exc.theirs]
        payload["head"] = exc.head_n
    return payload


@contextmanager
def handled(as_json: bool) -> Iterator[None]:
    """Turn the use cases' typed errors into a message and exit code 1."""
    try:
        yield
    except (ToolError, ValueError) as exc:
        if as_json:
            print_json(error_payload(exc))
        else:
            Console(stderr=True, soft_wrap=True).print(
                f"[red]{type(exc).__name__}:[/red] {escape(str(exc))}"
            )
        raise typer.Exit(1) from None


def actor_for(db: Database, user: str | None) -> UserRef:
    if user:
        return user_ref(db, int(user) if user.isdigit() else user)
    admin = first_admin(db)
    if admin is None:
        raise ValueError("no users yet: run `lanewise init` first")
    return admin


def run_as(as_json: bool, user: str | None, fn: Callable[[Database, UserRef], Any]) -> Any:
    with handled(as_json):
        db = default_database()
        return fn(db, actor_for(db, user))
