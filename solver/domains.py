"""Numeric and text domains shared by the network model and the edits.

Every number a network or an edit carries is finite and inside a stated range, and every
name is free of control characters, so nothing non-finite or unprintable is ever stored,
solved or exported. The types below are the one place these rules live: the API, the
CLI, file imports, the built-in interpreter and any LLM all go through the same pydantic
models and get the same error naming the field.

==============  ==============================================  =====================
type            meaning                                          domain
==============  ==============================================  =====================
``Tonnes``      a volume or a capacity in tonnes                 0 … ``MAX_TONNES``
``TonnesDelta`` a change in tonnes (``+``/``-``)                 ± ``MAX_TONNES``
``Euros``       a cost or penalty rate in euros                  0 … ``MAX_EUROS``
``Km``          a distance                                       > 0 … ``MAX_KM``
``Hours``       a duration                                       0 … ``MAX_HOURS``
``Factor``      a multiplier (1.2 = +20 %)                       0 … ``MAX_FACTOR``
``Count``       trucks, trailers, drivers                        0 … ``MAX_COUNT``
``CountDelta``  a change in a count                              ± ``MAX_COUNT``
``Name``        ids, names, regions, customers                   no control characters
``Text``        free text (messages, comments)                   no control characters
                                                                 except tab / newline
==============  ==============================================  =====================
"""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, Field

__all__ = [
    "MAX_COUNT",
    "MAX_EUROS",
    "MAX_FACTOR",
    "MAX_HOURS",
    "MAX_KM",
    "MAX_TONNES",
    "Count",
    "CountDelta",
    "Euros",
    "Factor",
    "Hours",
    "Km",
    "Name",
    "Text",
    "Tonnes",
    "TonnesDelta",
    "check_name",
    "check_text",
]

MAX_TONNES = 1e9
"""Largest volume or capacity in tonnes (per demand, per day or per truck)."""
MAX_EUROS = 1e9
"""Largest cost or penalty rate in euros (per truck, per tonne)."""
MAX_KM = 50_000.0
"""Longest lane in kilometres (more than once around the Earth)."""
MAX_HOURS = 10_000.0
"""Longest duration in hours (more than a year)."""
MAX_FACTOR = 100.0
"""Largest multiplier an edit may apply (×100)."""
MAX_COUNT = 1_000_000
"""Largest number of trucks, trailers or drivers."""

Tonnes = Annotated[float, Field(ge=0, le=MAX_TONNES, allow_inf_nan=False)]
TonnesDelta = Annotated[float, Field(ge=-MAX_TONNES, le=MAX_TONNES, allow_inf_nan=False)]
Euros = Annotated[float, Field(ge=0, le=MAX_EUROS, allow_inf_nan=False)]
Km = Annotated[float, Field(gt=0, le=MAX_KM, allow_inf_nan=False)]
Hours = Annotated[float, Field(ge=0, le=MAX_HOURS, allow_inf_nan=False)]
HoursDelta = Annotated[float, Field(ge=-MAX_HOURS, le=MAX_HOURS, allow_inf_nan=False)]
Factor = Annotated[float, Field(ge=0, le=MAX_FACTOR, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
CountDelta = Annotated[int, Field(ge=-MAX_COUNT, le=MAX_COUNT)]

_TEXT_CONTROLS_ALLOWED = frozenset("\t\n\r")


def _bad_chars(value: str, allowed: frozenset[str]) -> list[str]:
    return sorted(
        {f"U+{ord(c):04X}" for c in value if c not in allowed and unicodedata.category(c) == "Cc"}
    )


def check_name(value: str) -> str:
    """Refuse control characters (NUL, escapes, line breaks) in ids and names."""
    bad = _bad_chars(value, frozenset())
    if bad:
        raise ValueError(f"must not contain control characters ({', '.join(bad)})")
    return value


def check_text(value: str) -> str:
    """Refuse control characters other than tab and line breaks in free text."""
    bad = _bad_chars(value, _TEXT_CONTROLS_ALLOWED)
    if bad:
        raise ValueError(f"must not contain control characters ({', '.join(bad)})")
    return value


Name = Annotated[str, AfterValidator(check_name)]
Text = Annotated[str, AfterValidator(check_text)]
