"""Text cells of CSV exports that a spreadsheet cannot run as formulas, read back exactly.

A spreadsheet opening a CSV file runs a cell that starts with ``=``, ``+``, ``-``, ``@``,
tab or carriage return as a formula (CSV injection). Following the OWASP rule, such text
cells are written with a leading apostrophe, which spreadsheets show as text and hide;
numbers are never escaped (``-5.0`` stays a number). Reading strips the apostrophe again,
so an export read back gives the same content (an apostrophe that starts a text cell
before one of those characters, or before another apostrophe, is doubled on export).

>>> escape_cell("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> unescape_cell(escape_cell("-Lyon")), escape_cell("'s-Hertogenbosch")
('-Lyon', "'s-Hertogenbosch")
"""

from __future__ import annotations

__all__ = ["FORMULA_PREFIXES", "escape_cell", "unescape_cell"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP)."""

_QUOTE = "'"


def _needs_quote(text: str) -> bool:
    if text.startswith(FORMULA_PREFIXES):
        return True
    return len(text) > 1 and text[0] == _QUOTE and text[1] in (*FORMULA_PREFIXES, _QUOTE)


def escape_cell(text: str) -> str:
    """The text as a CSV cell a spreadsheet shows as text (a leading apostrophe if needed)."""
    return _QUOTE + text if _needs_quote(text) else text


def unescape_cell(text: str) -> str:
    """The text an escaped CSV cell stands for (the inverse of :func:`escape_cell`)."""
    if len(text) > 1 and text[0] == _QUOTE and text[1] in (*FORMULA_PREFIXES, _QUOTE):
        return text[1:]
    return text
