"""The ``lanewise`` command line: one Typer app, one sub-command module per resource."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="lanewise",
    help="Lanewise: what-if planning for freight networks.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)

__all__ = ["app"]

from assistant.cli import network  # noqa: E402

network.register(app)
from assistant.cli import scenario  # noqa: E402

scenario.register(app)
from assistant.cli import identity_links  # noqa: E402

identity_links.register(app)
from assistant.cli import chat_apps  # noqa: E402

chat_apps.register(app)
from assistant.cli import ask  # noqa: E402

ask.register(app)
from assistant.cli import serve  # noqa: E402

serve.register(app)
from assistant.cli import solve  # noqa: E402

solve.register(app)
from assistant.cli import actuals  # noqa: E402

actuals.register(app)
from assistant.cli import simulate  # noqa: E402

simulate.register(app)
from assistant.cli import replan  # noqa: E402

replan.register(app)
from assistant.cli import watch  # noqa: E402

watch.register(app)
