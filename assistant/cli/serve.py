"""``lanewise serve``: the API, the scenario pages (and what mounts on them) in one process.

On a fresh home it first does what ``lanewise init`` does — the database, the first
admin and the demo network as live — and prints the chat and pages URLs and a login (user
and token). It warns when answers would link to a loopback address while the server
listens on other interfaces (colleagues could not open those links).
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import typer
import uvicorn
from fastapi import FastAPI
from rich.markup import escape

from assistant.api import create_app
from assistant.cli.common import JsonOpt, handled, out
from assistant.config import AssistantSettings, get_settings
from tools import (
    LIVE,
    PLANNING_SETTINGS,
    Database,
    NotFound,
    ScenarioView,
    bootstrap_admin,
    create_live,
    default_database,
    demo_network,
    first_admin,
    get_scenario,
    read_network,
    rotate_token,
    submit_solve_job,
    user_ref,
)

__all__ = [
    "ServeSetup",
    "app_factory",
    "build_app",
    "prepare",
    "public_url_warning",
    "register",
    "serve",
]


@dataclass(frozen=True)
class ServeSetup:
    """What ``serve`` found or created before starting: the admin, a token, live."""

    admin: str
    token: str | None
    admin_created: bool
    live: ScenarioView
    live_created: bool


def prepare(
    db: Database,
    *,
    admin_name: str = "admin",
    admin_email: str = "admin@localhost",
    hubs: int = 40,
    seed: int = 7,
    network: Path | None = None,
    new_token: bool = False,
) -> ServeSetup:
    """Make ``db`` ready to serve: the first admin and live, created only if missing.

    The admin's token is returned when the admin is created (or ``new_token`` asks for a
    fresh one); stored tokens are hashed, so an existing one cannot be shown again.
    """
    admin = first_admin(db)
    token: str | None = None
    admin_created = admin is None
    if admin is None:
        view, token = bootstrap_admin(db, admin_name, admin_email)
        admin = user_ref(db, view.id)
    elif new_token:
        token = rotate_token(db, admin)
    try:
        live = get_scenario(db, admin, LIVE)
        live_created = False
    except NotFound:
        net = read_network(network) if network is not None else demo_network(hubs=hubs, seed=seed)
        live = create_live(db, admin, net)
        live_created = True
    return ServeSetup(
        admin=admin.name,
        token=token,
        admin_created=admin_created,
        live=live,
        live_created=live_created,
    )


def build_app(db: Database, settings: AssistantSettings) -> tuple[FastAPI, list[str]]:
    """The app (``create_app`` mounts every configured chat channel) and the channels' names."""
    app = create_app(db, settings)
    channels = ["api", "pages"]
    from assistant.chat import mount_chat_ui  # the chainlit chat UI at /chat

    mount_chat_ui(app)
    channels.append("chat")
    if settings.slack_configured:
        channels.append("slack")
    if settings.teams_configured:
        channels.append("teams")
    if settings.watch:
        channels.append("watcher")
    return app, channels


def _is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address) names this machine's loopback interface."""
    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def public_url_warning(host: str, public_url: str) -> str | None:
    """A warning when answers link to a loopback address but the server listens elsewhere."""
    link_host = urlsplit(public_url).hostname or ""
    if _is_loopback(host) or not _is_loopback(link_host):
        return None
    listening = "every interface" if host in ("0.0.0.0", "::", "") else host
    port = urlsplit(public_url).port
    example = f"http://{socket.gethostname()}{f':{port}' if port else ''}"
    return (
        f"Answers link to {public_url}, which only this machine can open, but the server "
        f"listens on {listening}: set LANEWISE_PUBLIC_URL to the address colleagues use "
        f"(e.g. {example})."
    )


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    hubs: Annotated[int, typer.Option(help="Hubs of the demo network loaded as live.")] = 40,
    seed: Annotated[int, typer.Option(help="Seed of that demo network.")] = 7,
    network: Annotated[
        Path | None,
        typer.Option(help="On a fresh home, load this network (CSV folder, .xlsx, .json)."),
    ] = None,
    new_token: Annotated[
        bool, typer.Option("--new-token", help="Issue the admin a new API token and print it.")
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            max=32,
            help="Server processes (they share the database; solve jobs are polled from any).",
        ),
    ] = 1,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
    watch: Annotated[
        bool,
        typer.Option(
            help="Watch live: re-evaluate when actuals or a new live version arrive and raise "
            "alerts (pages, and the Slack / Teams channels configured for alerts).",
        ),
    ] = True,
    as_json: JsonOpt = False,
) -> None:
    """Start Lanewise (API, scenario pages) over the home's database; set it up if fresh."""
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
    os.environ.setdefault("LANEWISE_PUBLIC_URL", url)
    get_settings.cache_clear()
    with handled(as_json):
        db = default_database()
        setup = prepare(db, hubs=hubs, seed=seed, network=network, new_token=new_token)
        settings = get_settings().model_copy(update={"watch": watch})
        app, channels = build_app(db, settings)
        admin = first_admin(db)
        assert admin is not None
        # live with full effort, in the background: answers compare with its plan
        live_job = submit_solve_job(db, admin, LIVE, settings=PLANNING_SETTINGS)
    public = get_settings().public_url.rstrip("/")
    warning = public_url_warning(host, public)
    if as_json:
        # one line, so it stays readable when the server's log follows on stdout
        typer.echo(
            json.dumps(
                {
                    "url": public + "/",
                    "chat_url": public + "/chat",
                    "pages_url": public + "/",
                    "warnings": [warning] if warning else [],
                    "login": {"user": setup.admin, "token": setup.token},
                    "admin_created": setup.admin_created,
                    "live": setup.live.model_dump(mode="json"),
                    "live_created": setup.live_created,
                    "channels": channels,
                    "database": repr(db),
                    "live_solve_job": live_job.id,
                },
                default=str,
            )
        )
    else:
        console = out()
        if setup.live_created:
            console.print(
                f"Live network loaded: {escape(setup.live.network_name or '')} "
                f"({public}{setup.live.url}/versions/{setup.live.head})"
            )
        console.print(f"Chat:      [bold]{public}/chat[/bold]")
        console.print(f"Scenarios: [bold]{public}/[/bold] · API docs {public}/api/v1/docs")
        if warning:
            console.print(f"[bold yellow]Warning:[/bold yellow] {escape(warning)}")
        console.print(f"Serving: {', '.join(channels)}")
        if live_job.status in ("queued", "running"):
            console.print(
                "Live is being planned with full effort in the background "
                f"(job {live_job.id}); answers compare with its plan once it lands."
            )
        if setup.token is not None:
            console.print(f"Sign in as [bold]{escape(setup.admin)}[/bold] with the API token:")
            console.print(setup.token, markup=False, highlight=False)
        else:
            console.print(
                f"Sign in as [bold]{escape(setup.admin)}[/bold] with the token printed when this "
                "home was set up (or restart with --new-token for a new one)."
            )
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level=log_level)
    else:
        os.environ["LANEWISE_WATCH"] = "true" if watch else "false"  # for every worker
        uvicorn.run(
            "assistant.cli.serve:app_factory",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level=log_level,
        )


def app_factory() -> FastAPI:
    """The app of one worker process (``--workers``): same environment, same database."""
    return build_app(default_database(), get_settings())[0]


def register(app: typer.Typer) -> None:
    """Add ``lanewise serve``."""
    app.command("serve")(serve)
