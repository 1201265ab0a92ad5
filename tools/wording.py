"""How answers list things in words (:func:`solver.wording.join_words`, shared with the edits'
descriptions), re-exported for the use cases and channels."""

from __future__ import annotations

from solver.wording import join_words

__all__ = ["join_words"]
