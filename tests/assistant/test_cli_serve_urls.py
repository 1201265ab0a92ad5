"""``lanewise serve`` on first run: where colleagues' links point."""

from __future__ import annotations

import pytest

from assistant.cli.serve import public_url_warning


@pytest.mark.parametrize(
    ("host", "public_url"),
    [
        ("0.0.0.0", "http://127.0.0.1:8000"),
        ("::", "http://localhost:8000"),
        ("10.1.2.3", "http://[::1]:8080"),
    ],
)
def test_loopback_links_while_listening_elsewhere_are_warned(host: str, public_url: str) -> None:
    """Listening beyond loopback while answers link to loopback: a warning that names the
    link base and the setting that fixes it."""
    warning = public_url_warning(host, public_url)
    assert warning is not None
    assert public_url in warning and "LANEWISE_PUBLIC_URL" in warning


@pytest.mark.parametrize(
    ("host", "public_url"),
    [
        ("127.0.0.1", "http://127.0.0.1:8000"),
        ("localhost", "http://localhost:8000"),
        ("0.0.0.0", "https://plan.example.com"),
        ("10.1.2.3", "http://10.1.2.3:8000"),
    ],
)
def test_no_warning_when_links_work_for_whoever_can_reach_the_server(
    host: str, public_url: str
) -> None:
    """Only this machine listens, or the links use an address others can open: no warning."""
    assert public_url_warning(host, public_url) is None
