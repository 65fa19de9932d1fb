#!/usr/bin/env bash
# quickstart.sh — the README's "run it" command: sets up this host (idempotent; root), starts containerd and
# buildkitd when none is running, builds tsctl, and drives a real workload against the system containerd.
# Grows as commands land; today: version, info, and a namespace round trip.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup-host.sh --start
npm run build --silent
tsctl() { printf '\n$ tsctl %s\n' "$*"; node bin/tsctl "$@"; }
tsctl version
tsctl info
ns="quickstart-$$"
tsctl namespace create --label purpose=quickstart "$ns"
tsctl namespace ls
tsctl namespace inspect "$ns"
tsctl namespace rm "$ns"
