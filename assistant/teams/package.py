"""The Teams app package (manifest and icons, zipped) for a bot id and public URL."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

from assistant.slack.manifest import PLACEHOLDER_URL, public_base_url

__all__ = ["MANIFEST_DIR", "teams_manifest", "teams_package"]

MANIFEST_DIR = Path(__file__).resolve().parent.parent / "manifests" / "teams"
PLACEHOLDER_ID = "00000000-0000-0000-0000-000000000000"


def teams_manifest(app_id: str, url: str) -> dict[str, object]:
    """The manifest with the bot's Entra app id and the server's public URL filled in."""
    try:
        app_uuid = str(uuid.UUID(app_id.strip()))
    except ValueError:
        raise ValueError(f"app_id: {app_id!r} is not an Entra application (client) id") from None
    base = public_base_url(url)
    text = (MANIFEST_DIR / "manifest.json").read_text(encoding="utf-8")
    text = text.replace(PLACEHOLDER_ID, app_uuid).replace(PLACEHOLDER_URL, base)
    manifest: dict[str, object] = json.loads(text)
    manifest["validDomains"] = [urlsplit(base).hostname]
    return manifest


def teams_package(app_id: str, url: str) -> bytes:
    """The zip to upload in Teams (Apps → Manage your apps → Upload an app)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(teams_manifest(app_id, url), indent=2))
        for icon in ("color.png", "outline.png"):
            zf.write(MANIFEST_DIR / icon, icon)
    return buffer.getvalue()
