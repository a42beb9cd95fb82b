#!/usr/bin/env bash
# One command for every check a change must pass: lint, format, types, tests (add -m "not slow" to skip the slow group).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
"$PY" -m ruff check .
"$PY" -m ruff format --check .
"$PY" -m mypy sheetsync
"$PY" -m pytest -q "$@"
