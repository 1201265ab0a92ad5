"""``lanewise user link-slack|link-teams|unlink|links``: which chat users act as whom.

A Slack or Teams user can talk to Lanewise only once an admin has linked their chat id
to a Lanewise user; the bots then act with that user's role.
"""

from __future__ import annotations

from typing import Annotated, Literal

import typer
from rich.markup import escape
from rich.table import Table

from assistant.cli.common import JsonOpt, UserOpt, dump, out, print_json, run_as
from tools import (
    Database,
    IdentityLinkView,
    UserRef,
    link_identity,
    list_identity_links,
    unlink_identity,
)

user_app = typer.Typer(
    name="user",
    help="Users and the chat identities (Slack, Teams) that act as them.",
    no_args_is_help=True,
)

TargetArg = Annotated[str, typer.Argument(help="The Lanewise user (name, email or id).")]


def _print_link(view: IdentityLinkView, as_json: bool) -> None:
    if as_json:
        print_json(dump(view))
        return
    out().print(
        f"{view.provider} user {escape(view.external_id)} now acts as "
        f"[bold]{escape(view.user)}[/bold] ({view.role.value})."
    )


def _link(
    provider: Literal["slack", "teams"],
    target: str,
    external_id: str,
    as_json: bool,
    user: str | None,
) -> None:
    def go(db: Database, me: UserRef) -> IdentityLinkView:
        return link_identity(db, me, provider, external_id, target)

    _print_link(run_as(as_json, user, go), as_json)


def link_slack(
    target: TargetArg,
    slack_id: Annotated[
        str,
        typer.Argument(
            metavar="SLACK_MEMBER_ID",
            help="The Slack member id (profile → ⋮ → Copy member ID), e.g. U024BE7LH.",
        ),
    ],
    as_json: JsonOpt = False,
    user: UserOpt = None,
) -> None:
    """Admin: let a Slack user act as a Lanewise user."""
    _link("slack", target, slack_id, as_json, user)


def link_teams(
    target: TargetArg,
    teams_id: Annotated[
        str,
        typer.Argument(
            metavar="TEAMS_USER_ID",
            help="The user's Microsoft Entra object id (aadObjectId), or the Teams user id "
            "(29:…) if the tenant does not send one.",
        ),
    ],
    as_json: JsonOpt = False,
    user: UserOpt = None,
) -> None:
    """Admin: let a Microsoft Teams user act as a Lanewise user."""
    _link("teams", target, teams_id, as_json, user)


def unlink(
    provider: Annotated[str, typer.Argument(help="slack or teams.")],
    external_id: Annotated[str, typer.Argument(help="The chat user id that was linked.")],
    as_json: JsonOpt = False,
    user: UserOpt = None,
) -> None:
    """Admin: the chat user stops acting as anyone."""
    run_as(as_json, user, lambda db, me: unlink_identity(db, me, provider, external_id))
    if as_json:
        print_json({"provider": provider, "external_id": external_id, "unlinked": True})
    else:
        out().print(f"{escape(provider)} user {escape(external_id)} is no longer linked.")


def links(
    provider: Annotated[
        str | None, typer.Option("--provider", help="Only slack or only teams.")
    ] = None,
    as_json: JsonOpt = False,
    user: UserOpt = None,
) -> None:
    """Admin: every linked chat identity."""
    rows = run_as(as_json, user, lambda db, me: list_identity_links(db, me, provider))
    if as_json:
        print_json(dump(rows))
        return
    table = Table("provider", "chat id", "user", "role", "linked")
    for r in rows:
        table.add_row(
            r.provider,
            escape(r.external_id),
            escape(r.user),
            r.role.value,
            r.created_at.strftime("%Y-%m-%d %H:%M"),
        )
    out().print(table)


def register(app: typer.Typer) -> None:
    """Add the chat-identity commands to the ``lanewise user`` group (creating it if needed)."""
    group = next(
        (
            g.typer_instance
            for g in app.registered_groups
            if g.typer_instance is not None and (g.name or g.typer_instance.info.name) == "user"
        ),
        None,
    )
    if group is None:
        group = user_app
        app.add_typer(user_app, name="user")
    group.command("link-slack")(link_slack)
    group.command("link-teams")(link_teams)
    group.command("unlink")(unlink)
    group.command("links")(links)
