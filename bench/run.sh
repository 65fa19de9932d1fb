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

# The peers: Debian's docker.io (dockerd + docker CLI) for the container benchmark and docker-compose for the
# compose one, installed when missing (TSCTL_BENCH_NO_INSTALL=1 skips it). The package must not start a system
# dockerd (it would create docker0 and rewrite the host's iptables): policy-rc.d refuses service starts meanwhile;
# the benchmarks start their own private dockerd.
install_peers() {
  [ "${TSCTL_BENCH_NO_INSTALL:-}" = 1 ] && return 0
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1 || missing+=(docker-compose)
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || { echo "bench: not root, not installing ${missing[*]} (Docker columns stay empty)" >&2; return 0; }
  local policy=/usr/sbin/policy-rc.d created=0
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; created=1; fi
  echo "bench: installing ${missing[*]} (peers)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >&2 \
    || echo "bench: could not install ${missing[*]}; their columns stay empty" >&2
  if [ "$created" = 1 ]; then rm -f "$policy"; fi
}
case "$which" in all|containers|compose) install_peers ;; esac
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
