#!/usr/bin/env bash
# One command for every check a change must pass: lint, format, types, the layering contracts, then the tests.
#   scripts/check.sh             everything (extra arguments go to pytest, e.g. -m "not slow")
#   scripts/check.sh --static    everything but the tests (what CI runs before the README's test command)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
"$PY" -m ruff check .
"$PY" -m ruff format --check .
"$PY" -m mypy sheetsync
"$PY" -c 'from importlinter.cli import lint_imports_command; lint_imports_command()' # the layering contracts
if [[ "${1:-}" == "--static" ]]; then
  exit 0
fi
"$PY" -m pytest -q "$@"
