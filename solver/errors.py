"""Errors raised by the solver package: each names what is wrong, where, and why."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ValidationIssue:
    """One problem in input data: which entity, which field, and the reason."""

    entity: str
    entity_id: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.entity} {self.entity_id!r}: {self.field}: {self.reason}"


class NetworkValidationError(ValueError):
    """A network failed validation; ``issues`` lists every problem found, not just the first."""

    def __init__(self, issues: list[ValidationIssue]) -> None:
        self.issues = issues
        lines = "\n".join(f"  - {issue}" for issue in issues)
        super().__init__(f"{len(issues)} problem(s) in the network:\n{lines}")


class EditError(ValueError):
    """An edit cannot be applied: it matches nothing or would make the network invalid."""
