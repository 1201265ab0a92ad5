"""Mount the chainlit chat UI at ``/chat`` on the Lanewise app.

chainlit reads ``.chainlit/config.toml`` (and writes ``.files/``) under its app root, which
defaults to the working directory and is fixed when chainlit is first imported. So the
UI gets its own root, ``LANEWISE_HOME/chat``, written from :data:`CONFIG_TOML` before
chainlit is imported: it works from any working directory and from an installed package.
Sign-in tokens of the UI are signed with ``CHAINLIT_AUTH_SECRET``, derived from the app's
secret unless set. Signing in to the chat also signs in to the scenario pages (one
session), and a page session signs in to the chat (the sign-in page offers it only to a
browser that has one, so nobody sees an error before typing). Every asset the UI loads
comes from this server: the Inter font from the installed ``fontpkg-inter`` package,
plotly.js inside chainlit's own bundle; the CDN links chainlit's page carries (fonts,
KaTeX, which the UI does not use) are taken out.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import os
import re
import sys
from http.cookies import CookieError, SimpleCookie
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.security import SESSION_COOKIE, SessionSigner, load_secret
from assistant.chat.context import ChatContext, current, page_session_user, set_current
from assistant.config import AssistantSettings
from tools import StorageSettings, session_generation

__all__ = [
    "CHAT_PATH",
    "CONFIG_TOML",
    "chat_root",
    "local_assets_only",
    "mount_chat_ui",
    "prepare_chat_root",
    "secure_chat_cookies",
]

CHAT_PATH = "/chat"
APP_FILE = Path(__file__).resolve().parent / "app.py"
_log = logging.getLogger("lanewise.chat")

_SCENARIOS_ICON = (
    "data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24' "
    "fill='none' stroke='%23888' stroke-width='2'><path d='M3 6h18M3 12h18M3 18h18'/></svg>"
)

CONFIG_TOML = f"""\
# chainlit settings of the Lanewise chat UI (written by assistant/chat/mount.py).
[project]
user_env = []
session_timeout = 3600
user_session_timeout = 43200
cache = false
persist_user_env = false
mask_user_env = false
# no cross-origin access unless LANEWISE_CORS_ORIGINS names origins (set at mount time)
allow_origins = []
# websocket only: no long-polling, so several server processes (serve --workers) work
transports = ["websocket"]

[features]
unsafe_allow_html = false
latex = false
user_message_markdown = true
user_message_autoscroll = true
assistant_message_autoscroll = true
auto_tag_thread = false
edit_message = false
allow_thread_sharing = false
favorites = false

[features.spontaneous_file_upload]
enabled = false

[features.audio]
enabled = false

[features.mcp]
enabled = false

[UI]
name = "Lanewise"
description = "What-if planning for freight networks"
cot = "full"
default_theme = "light"
layout = "wide"
default_sidebar_state = "closed"
confirm_new_chat = true
alert_style = "classic"

[[UI.header_links]]
name = "scenarios"
display_name = "Scenarios"
icon_url = "{_SCENARIOS_ICON}"
url = "/"
target = "_self"

[meta]
generated_by = "2.12.0"
"""
"""The chainlit configuration the UI runs with (its ``.chainlit/config.toml``)."""

WATERMARK = "Figures come from solving and evaluating the scenario; open the version for detail."
"""Shown under the message box (chainlit's default speaks of LLM mistakes)."""

LOGO_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="200" height="44" viewBox="0 0 200 44">
<g fill="none" stroke="{colour}" stroke-width="3" stroke-linecap="round">
<circle cx="8" cy="34" r="5"/><circle cx="36" cy="10" r="5"/><circle cx="36" cy="34" r="5"/>
<path d="M12 31 L32 13 M13 34 H31"/></g>
<text x="50" y="31" font-family="Inter, Helvetica, Arial, sans-serif" font-size="24"
font-weight="700" fill="{colour}">Lanewise</text></svg>
"""
FAVICON_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 44 44">
<g fill="none" stroke="#1f77b4" stroke-width="4" stroke-linecap="round">
<circle cx="9" cy="35" r="6"/><circle cx="35" cy="9" r="6"/><circle cx="35" cy="35" r="6"/>
<path d="M13 31 L31 13 M15 35 H29"/></g></svg>
"""

README_MD = """# Lanewise chat

Ask what-if questions about the freight network in plain words. Each change is made on
your own copy of the plan (a new scenario version), re-planned and compared with its
parent and with live; the answer links to the version's page. Live changes only when an
approver promotes a version.

- what if volumes rise 20% in the north? · close Hamburg on Monday and Tuesday
- cut drivers in the east by 15% · raise contract rates by 8%
- make it 30% · undo that · compare with live · why is service down?
- where will the network be out of balance by Thursday? · summarise this for the VP
"""
"""The UI's readme (chainlit shows it from the header)."""

LOGIN_LABELS = {
    "title": "Sign in to Lanewise",
    "email": {
        "label": "User name (or email)",
        "required": "your user name is required",
        "placeholder": "admin",
    },
    "password": {"label": "API token", "required": "your API token is required"},
}


FONT_CSS = """@font-face {
  font-family: "Inter";
  font-style: normal;
  font-weight: 100 900;
  font-display: swap;
  src: url("Inter.ttf") format("truetype");
}
"""
"""The UI's font, served from its own ``public/fonts/`` (chainlit's page loads it from a CDN)."""

THEME = {"custom_fonts": ["/public/fonts/inter.css"]}
"""chainlit's theme file: the font stylesheet above replaces the CDN's."""

_EXTERNAL_TAGS = re.compile(
    r"<link\b[^>]*\b(?:rel=\"preconnect\"|href=\"https?://)[^>]*>\s*"
    r"|<script\b[^>]*\bsrc=\"https?://[^>]*>\s*</script>\s*",
    re.DOTALL,
)


def local_assets_only(html: str) -> str:
    """chainlit's page without tags that load from other hosts (its KaTeX CDN stylesheet and
    font preconnects): the UI renders no LaTeX, and its font is served locally."""
    return _EXTERNAL_TAGS.sub("", html)


def _inter_font() -> Path:
    """The upright variable Inter font shipped by ``fontpkg-inter``."""
    spec = find_spec("fontpkg_inter")
    if spec is None or spec.origin is None:
        raise RuntimeError("fontpkg-inter is not installed; the chat UI serves its font from it")
    root = Path(spec.origin).parent
    meta = json.loads((root / "metadata.json").read_text(encoding="utf-8"))
    for entry in meta["files"]:
        if entry["style"] == "normal":
            return root / str(entry["path"])
    raise RuntimeError(f"fontpkg-inter at {root} lists no upright Inter font")


def _copy_if_changed(source: Path, target: Path) -> None:
    data = source.read_bytes()
    if not target.exists() or target.read_bytes() != data:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def chat_root() -> Path:
    """Where the UI's chainlit root lives: ``LANEWISE_HOME/chat``."""
    return (StorageSettings().lanewise_home / "chat").resolve()


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def prepare_chat_root(root: Path) -> Path:
    """Write the UI's chainlit config, English labels, readme, logo and icon under ``root``."""
    config_dir = root / ".chainlit"
    public = root / "public"
    _write_if_changed(public / "logo_light.svg", LOGO_SVG.format(colour="#1f3b57"))
    _write_if_changed(public / "logo_dark.svg", LOGO_SVG.format(colour="#e8eef5"))
    _write_if_changed(public / "favicon.svg", FAVICON_SVG)
    _copy_if_changed(_inter_font(), public / "fonts" / "Inter.ttf")
    _write_if_changed(public / "fonts" / "inter.css", FONT_CSS)
    _write_if_changed(public / "theme.json", json.dumps(THEME, indent=2))
    for readme in ("chainlit.md", "chainlit_en-US.md"):
        _write_if_changed(root / readme, README_MD)
    _write_if_changed(config_dir / "config.toml", CONFIG_TOML)
    spec = find_spec("chainlit")
    if spec is None or spec.origin is None:
        raise RuntimeError("chainlit is not installed; the chat UI needs it")
    source = Path(spec.origin).parent / "translations" / "en-US.json"
    strings: dict[str, Any] = json.loads(source.read_text(encoding="utf-8"))
    login = strings["auth"]["login"]
    login["title"] = LOGIN_LABELS["title"]
    login["form"]["email"].update(LOGIN_LABELS["email"])
    login["form"]["password"].update(LOGIN_LABELS["password"])
    strings["chat"]["watermark"] = WATERMARK
    _write_if_changed(
        config_dir / "translations" / "en-US.json",
        json.dumps(strings, indent=4, ensure_ascii=False),
    )
    return root


def auth_secret(secret: bytes) -> str:
    """The chainlit sign-in secret derived from the app's secret (so restarts keep logins)."""
    return hmac.new(secret, b"lanewise-chainlit-auth", hashlib.sha256).hexdigest()


class _PageSessionFromChatLogin:
    """After a successful chat sign-in, also set the scenario pages' session cookie."""

    def __init__(self, app: ASGIApp, *, login_path: str) -> None:
        self.app = app
        self.login_path = login_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not (
            scope["type"] == "http"
            and scope["method"] == "POST"
            and scope["path"] in (self.login_path, "/login")
        ):
            await self.app(scope, receive, send)
            return

        async def send_with_page_session(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                headers = MutableHeaders(scope=message)
                user_id = _chat_login_user_id(headers.getlist("set-cookie"))
                if user_id is not None:
                    headers.append("set-cookie", self._page_cookie(user_id))
            await send(message)

        await self.app(scope, receive, send_with_page_session)

    def _page_cookie(self, user_id: int) -> str:
        context = current()
        settings = context.settings
        jar: SimpleCookie = SimpleCookie()
        jar[SESSION_COOKIE] = context.signer.issue(user_id, session_generation(context.db, user_id))
        morsel = jar[SESSION_COOKIE]
        morsel["max-age"] = str(settings.session_max_age_s)
        morsel["path"] = "/"
        morsel["httponly"] = True
        morsel["samesite"] = "lax"
        if settings.public_url.startswith("https://"):
            morsel["secure"] = True
        return morsel.OutputString()


class _HeaderAuthOnlyWithPageSession:
    """Offer the page-session sign-in (chainlit's header auth) only to a browser that has a
    page session: chainlit's sign-in page tries it on load and shows its failure as an
    error before anything is typed."""

    def __init__(self, app: ASGIApp, *, config_path: str) -> None:
        self.app = app
        self.config_path = config_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and scope["path"] in (self.config_path, "/auth/config")
        ):
            await self.app(scope, receive, send)
            return
        # the JSON is rewritten below, so ask for it uncompressed
        headers = [(k, v) for k, v in scope["headers"] if k != b"accept-encoding"]
        cookie = b"; ".join(v for k, v in headers if k == b"cookie").decode("latin-1")
        start: list[Message] = []
        body = bytearray()

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.append(message)
            elif message["type"] == "http.response.body":
                body.extend(message.get("body", b""))

        await self.app({**scope, "headers": headers}, receive, capture)
        payload = bytes(body)
        if start and start[0]["status"] == 200:
            data = json.loads(payload)
            if data.get("headerAuth"):
                user = await asyncio.to_thread(page_session_user, current(), cookie or None)
                data["headerAuth"] = user is not None
            payload = json.dumps(data).encode()
            MutableHeaders(scope=start[0])["content-length"] = str(len(payload))
        for message in start:
            await send(message)
        await send({"type": "http.response.body", "body": payload, "more_body": False})


def _chat_login_user_id(set_cookies: list[str]) -> int | None:
    """The Lanewise user id inside the chainlit token a sign-in response sets, if any."""
    from chainlit.auth.cookie import _auth_cookie_name
    from chainlit.auth.jwt import decode_jwt
    from jwt import InvalidTokenError

    for header in set_cookies:
        try:
            jar: SimpleCookie = SimpleCookie(header)
        except CookieError:
            continue
        morsel = jar.get(_auth_cookie_name)
        if morsel is None or not morsel.value:
            continue
        try:
            user = decode_jwt(morsel.value)
        except InvalidTokenError:
            return None
        user_id = user.metadata.get("user_id")
        return user_id if isinstance(user_id, int) else None
    return None


_mounted: list[FastAPI] = []


def _chainlit_root(requested: Path) -> Path:
    """Prepare chainlit's app root before chainlit is imported (then it is fixed).

    If something imported chainlit already, its root (the working directory then) is
    used instead, and the configuration written there is reloaded.
    """
    if "chainlit.config" not in sys.modules:
        root = prepare_chat_root(requested)
        os.environ["CHAINLIT_APP_ROOT"] = str(root)
        return root
    from chainlit.config import APP_ROOT, reload_config

    root = prepare_chat_root(Path(APP_ROOT).resolve())
    if root != requested:
        _log.warning("chainlit was imported before the chat UI was mounted; it uses %s", root)
    reload_config()  # type: ignore[no-untyped-call]
    return root


def secure_chat_cookies(settings: AssistantSettings) -> bool:
    """Make the chat UI's sign-in cookies ``Secure`` when the public URL is https.

    chainlit marks them Secure only with ``SameSite=None``; behind https they must be
    Secure whatever their SameSite. Returns whether they are.
    """
    import chainlit.auth.cookie as chainlit_cookie

    if settings.public_url.startswith("https://"):
        chainlit_cookie._cookie_secure = True  # read by every set/clear of its cookies
    return bool(chainlit_cookie._cookie_secure)


def _serve_local_assets_only() -> None:
    """Make chainlit's page template drop the tags that load from other hosts."""
    import chainlit.server as chainlit_server

    original = chainlit_server.get_html_template
    if getattr(original, "lanewise_local", False):
        return

    def local_template(root_path: str) -> str:
        return local_assets_only(str(original(root_path)))  # type: ignore[no-untyped-call]

    local_template.lanewise_local = True  # type: ignore[attr-defined]
    chainlit_server.get_html_template = local_template


def mount_chat_ui(
    app: FastAPI,
    *,
    root: Path | None = None,
    secret: bytes | None = None,
    path: str = CHAT_PATH,
) -> None:
    """Serve the chat UI at ``path`` on ``app`` (made by :func:`assistant.api.create_app`).

    chainlit is one app per process: a second call mounts the same UI on another app,
    and the app mounted last serves it.

    Parameters
    ----------
    app
        The Lanewise app; its database, settings and session signer serve the UI.
    root
        chainlit's app root (default ``LANEWISE_HOME/chat``), used by the first call.
    secret
        The app's secret (default: ``LANEWISE_SECRET`` or the one kept in LANEWISE_HOME),
        from which the UI's sign-in secret is derived unless ``CHAINLIT_AUTH_SECRET`` is set.
    """
    settings: AssistantSettings = app.state.settings
    signer: SessionSigner = app.state.signer
    set_current(ChatContext(db=app.state.db, settings=settings, signer=signer))
    if _mounted:
        from chainlit.server import app as chainlit_app

        app.mount(path, chainlit_app)
        _mounted.append(app)
        return
    chosen = _chainlit_root((root or chat_root()).resolve())
    if secret is None:
        secret = load_secret(
            settings.secret.get_secret_value() if settings.secret else None,
            StorageSettings().lanewise_home,
        )
    os.environ.setdefault("CHAINLIT_AUTH_SECRET", auth_secret(secret))

    from chainlit.config import config

    # in place: chainlit's CORS middleware keeps this very list
    config.project.allow_origins[:] = settings.cors_origin_list
    from chainlit.server import app as chainlit_app
    from chainlit.utils import mount_chainlit

    secure_chat_cookies(settings)
    chainlit_app.add_middleware(_PageSessionFromChatLogin, login_path=f"{path}/login")
    chainlit_app.add_middleware(_HeaderAuthOnlyWithPageSession, config_path=f"{path}/auth/config")
    _serve_local_assets_only()
    mount_chainlit(app=app, target=str(APP_FILE), path=path)
    config.project.user_session_timeout = settings.session_max_age_s
    _mounted.append(app)
    _log.info("chat UI at %s (chainlit root %s)", path, chosen)
