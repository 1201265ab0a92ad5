"""The Slack app manifest shipped with Lanewise, with the server's public URL filled in."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["MANIFEST_PATH", "PLACEHOLDER_URL", "public_base_url", "slack_manifest"]

MANIFEST_PATH = Path(__file__).resolve().parent.parent / "manifests" / "slack-manifest.yml"
PLACEHOLDER_URL = "https://lanewise.example.com"


def public_base_url(url: str) -> str:
    """The public HTTPS base URL of the server, without a trailing slash.

    >>> public_base_url("https://plan.example.org/lanewise/")
    'https://plan.example.org/lanewise'
    """
    parts = urlsplit(url.strip())
    if parts.scheme != "https" or not parts.hostname:
        raise ValueError(f"url: {url!r} must be an https:// URL that Slack and Teams can reach")
    if parts.query or parts.fragment:
        raise ValueError(f"url: {url!r} must not have a query or fragment")
    return f"https://{parts.netloc}{parts.path.rstrip('/')}"


def slack_manifest(url: str) -> str:
    """The manifest (YAML text) with every request URL pointing at ``url``."""
    text = MANIFEST_PATH.read_text(encoding="utf-8")
    return text.replace(PLACEHOLDER_URL, public_base_url(url))
