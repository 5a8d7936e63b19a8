#!/usr/bin/env bash
# Set up and run the whole test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements-dev.txt
scripts/install-browser.sh
exec .venv/bin/python -m pytest "$@"
