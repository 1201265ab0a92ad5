"""``python -m evals.assistant`` runs unchanged with an LLM configured: a litellm model
string (``openai/scripted``) reaches a local OpenAI-compatible server over HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from evals.assistant import all_cases
from evals.assistant_cases import NORTH_UP
from tests.assistant.fake_openai import ECHO, Script, serve_fake_openai

ROOT = Path(__file__).resolve().parents[2]
NORTH = "what if volumes rise 20% in the north?"
TYPO = "what if volumes rise 20% in the nroth?"

REPLIES: dict[str, list[str | dict[str, Any] | int]] = {
    NORTH: [{"name": "what_if", "args": {"edits": [NORTH_UP]}}, ECHO],
    # a model that first tries the misspelt region, is refused with the closest name, and asks
    TYPO: [
        {
            "name": "what_if",
            "args": {"edits": [{"op": "scale_demand", "factor": 1.2, "origin_regions": ["nroth"]}]},
        },
        {
            "name": "clarify",
            "args": {"question": "Which region do you mean?", "unclear": ["nroth"]},
        },
    ],
}


def test_the_eval_runs_with_an_openai_compatible_model(tmp_path: Path) -> None:
    """Two eval cases (a what-if and a typo that must be asked about) pass through litellm
    and the scripted server; the report names the model; every model call reached the
    server and the refused typo came back to it as 'Did you mean north?'."""
    order = [
        q for spec, _ in all_cases() for q in spec.turns if list(spec.turns) in ([NORTH], [TYPO])
    ]
    assert sorted(order) == sorted([NORTH, TYPO])
    script = Script([reply for question in order for reply in REPLIES[question]])
    with serve_fake_openai(script) as url:
        env = {
            **os.environ,
            "LANEWISE_MODEL": "openai/scripted",
            "OPENAI_API_BASE": url,
            "OPENAI_BASE_URL": url,
            "OPENAI_API_KEY": "scripted",
            "LANEWISE_MODEL_RETRIES": "0",
            "LITELLM_LOCAL_MODEL_COST_MAP": "True",
            "HOME": str(tmp_path),
        }
        env.pop("LANEWISE_MODEL_BASE_URL", None)
        args = ["--hubs", "8", "--time-limit", "3", "--json", "--case", NORTH, "--case", TYPO]
        run = subprocess.run(
            [sys.executable, "-m", "evals.assistant", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    assert run.returncode == 0, run.stderr[-3000:]
    summary = json.loads(run.stdout[run.stdout.index("{") :])
    assert summary["model"] == "openai/scripted"
    assert summary["tuned"]["cases"] == 2 and summary["tuned"]["passed"] == 2, summary["failures"]
    assert summary["unsafe_edits"] == 0
    assert len(script.requests) == 4 and {r["model"] for r in script.requests} == {"scripted"}
    sent_back = [
        str(m["content"]) for r in script.requests for m in r["messages"] if m["role"] == "tool"
    ]
    assert any("Did you mean north?" in content for content in sent_back)
