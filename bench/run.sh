#!/usr/bin/env bash
# Benchmark entry: builds tsctl and runs the start-up benchmarks (bench/startup.ts). Pass --runs N, --address SOCK.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
npm run build --silent
exec node --import tsx bench/startup.ts "$@"
