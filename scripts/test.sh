#!/usr/bin/env bash
# test.sh — the project's test command: set up the host (idempotent), build, run the tests.
# Usage: bash scripts/test.sh [unit|integration|all]   (default: all; integration tests need root)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup-host.sh
npm run build
exec node --import tsx test/run.ts "${1:-all}"
