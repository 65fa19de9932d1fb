#!/usr/bin/env bash
# Benchmark entry: builds tsctl, then runs the start-up benchmarks (bench/startup.ts) and the image benchmarks
# (bench/images.ts: pull/push of a ~70 MB image on a private harness; needs root) and the container benchmarks
# (bench/containers.ts: run/ps/ps -a/rm, 20 parallel run -d, logs of 100 MB and the logger's memory next to ctr
# and a private dockerd; needs root) and the build benchmark (bench/build.ts: tsctl build vs buildctl build on a
# warm cache; needs root) and the compose benchmark (bench/compose.ts: up -d --wait / down of a 3-service project,
# next to Docker Compose when installed).
# Usage: bash bench/run.sh [startup|images|containers|build|compose] [--runs N] [--address SOCK]
#   --runs N     runs per metric (default: 20 for start-up, 5 for images, 10 for containers' run --rm;
#                containers also takes --batch-runs M, default 3, for the 10-container rounds)
#   --address    containerd socket for the start-up benchmark (the image benchmark starts its own containerd)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
which=all
case "${1:-}" in
  startup|images|containers|build|compose|all) which="$1"; shift ;;
esac
npm run build --silent
if [ "$which" = all ] || [ "$which" = startup ]; then
  node --import tsx bench/startup.ts "$@"
fi
if [ "$which" = all ] || [ "$which" = images ]; then
  [ "$which" = images ] || echo
  node --import tsx bench/images.ts "$@"
fi
if [ "$which" = all ] || [ "$which" = containers ]; then
  [ "$which" = containers ] || echo
  node --import tsx bench/containers.ts "$@"
fi
if [ "$which" = all ] || [ "$which" = build ]; then
  [ "$which" = build ] || echo
  node --import tsx bench/build.ts "$@"
fi
if [ "$which" = all ] || [ "$which" = compose ]; then
  [ "$which" = compose ] || echo
  node --import tsx bench/compose.ts "$@"
fi
