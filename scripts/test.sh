#!/usr/bin/env bash
# Set up, then run every check: ruff (lint + format), mypy (strict), import-linter, pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export LITELLM_LOCAL_MODEL_COST_MAP=True
. .venv/bin/activate
# one command per line: under set -e a failure inside an && list would not stop the run
echo "== ruff"
ruff check .
ruff format --check .
echo "== mypy"
mypy
echo "== import-linter"
lint-imports
echo "== pytest"
pytest "$@"
