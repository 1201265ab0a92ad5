"""``lanewise chat-apps slack-manifest|teams-package``: install Lanewise in Slack and Teams.

Both read the manifests shipped in ``assistant/manifests`` and fill in the server's public
URL (and, for Teams, the bot's Entra app id); see docs/slack-teams.md. The bot modules are
imported only when a command runs, so the rest of the CLI starts without them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.common import JsonOpt, handled, print_json

chat_app = typer.Typer(
    name="chat-apps",
    help="Install Lanewise in Slack and Microsoft Teams.",
    no_args_is_help=True,
)

UrlOpt = Annotated[
    str,
    typer.Option("--url", help="The public https:// URL of this Lanewise server."),
]


@chat_app.command("slack-manifest")
def slack_manifest_cmd(url: UrlOpt) -> None:
    """Print the Slack app manifest (YAML) with the request URLs pointing at --url."""
    from assistant.slack.manifest import slack_manifest

    with handled(False):
        text = slack_manifest(url)
    typer.echo(text, nl=False)


@chat_app.command("teams-package")
def teams_package_cmd(
    url: UrlOpt,
    app_id: Annotated[
        str, typer.Option("--app-id", help="The bot's Microsoft Entra application (client) id.")
    ],
    out: Annotated[Path, typer.Option("--out", help="Where to write the app package.")] = Path(
        "lanewise-teams.zip"
    ),
    as_json: JsonOpt = False,
) -> None:
    """Write the Teams app package (manifest.json and icons) to upload in Teams."""
    from assistant.teams.package import teams_package

    with handled(as_json):
        data = teams_package(app_id, url)
        out.write_bytes(data)
    if as_json:
        print_json({"package": str(out), "bytes": len(data)})
    else:
        typer.echo(
            f"Wrote {out} ({len(data):,} bytes): upload it in Teams → Apps → Manage your apps."
        )


def register(app: typer.Typer) -> None:
    """Add the ``chat`` commands to the ``lanewise`` app."""
    app.add_typer(chat_app, name="chat-apps")
