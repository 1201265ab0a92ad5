"""The REST API and web app: ``create_app`` builds it; one router module per resource."""

from assistant.api.app import API_PREFIX, create_app

__all__ = ["API_PREFIX", "create_app"]
