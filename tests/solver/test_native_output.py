"""Output meant for programs is kept clean of what native solver code prints."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap


def test_native_prints_inside_program_stdout_go_to_stderr() -> None:
    """Bytes written to fd 1 inside the block reach stderr; the stream it yields, and fd 1
    after it, reach stdout."""
    script = textwrap.dedent(
        """
        import json, os
        from solver import program_stdout
        with program_stdout() as out:
            os.write(1, b"HighsMipSolverData noise\\n")
            out.write(json.dumps({"ok": True}) + "\\n")
        print("after")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    first, second = done.stdout.splitlines()
    assert json.loads(first) == {"ok": True} and second == "after"
    assert "HighsMipSolverData noise" in done.stderr
