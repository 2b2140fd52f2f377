#!/usr/bin/env bash
# The README's main command: set up what is missing, then run the demo — a full audit of the
# simulated government web, scoring, and the quarterly circular written to ./out.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/zwgk demo "$@"
