"""Output meant for programs, kept clean of what native solver code prints.

HiGHS prints some messages straight to the process's file descriptor 1, whatever its
log settings (``HighsMipSolverData::transformNewIntegerFeasibleSolution ...``), and
background solves may print at any time. A command whose stdout is read by programs
(``--json``) runs inside :func:`program_stdout`: for its duration fd 1 goes to stderr,
and the document is written to the stream it yields, which is the original stdout.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO


@contextmanager
def program_stdout() -> Iterator[TextIO]:
    """A stream to the real stdout, with fd 1 sent to stderr until the block ends.

    Where stdout is not the process's fd 1 (a test runner capturing it), nothing is
    redirected and ``sys.stdout`` itself is yielded.
    """
    try:
        real = sys.stdout.fileno() == 1
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        real = False
    if not real:
        yield sys.stdout
        return
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    out = os.fdopen(os.dup(saved), "w", encoding="utf-8")
    try:
        yield out
    finally:
        out.close()
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
