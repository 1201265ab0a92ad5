"""What native solver code prints never lands in output meant for programs (``--json``)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap


def test_native_prints_during_a_solve_go_to_stderr() -> None:
    """Bytes written to fd 1 inside the guard reach stderr; stdout keeps only the JSON."""
    script = textwrap.dedent(
        """
        import json, os
        from solver.mathopt_lp import native_stdout_to_stderr
        with native_stdout_to_stderr():
            with native_stdout_to_stderr():  # nested, as parallel solves are
                os.write(1, b"HighsMipSolverData noise\\n")
            os.write(1, b"more noise\\n")
        print(json.dumps({"ok": True}))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert json.loads(done.stdout) == {"ok": True}
    assert "HighsMipSolverData noise" in done.stderr and "more noise" in done.stderr
