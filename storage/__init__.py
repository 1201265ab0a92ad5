"""Persistence and versioning of networks, scenarios, solve runs and decisions (SQLModel)."""
