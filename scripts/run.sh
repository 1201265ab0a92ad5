#!/usr/bin/env bash
# Set up, then start Lanewise on the demo network with the embedded defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export LITELLM_LOCAL_MODEL_COST_MAP=True
exec .venv/bin/lanewise serve "$@"
