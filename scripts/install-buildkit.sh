#!/usr/bin/env bash
# install-buildkit.sh — build and install a pinned BuildKit (buildkitd + buildctl) from the Go module proxy.
#
# Debian 12 has no buildkit package. `go install github.com/moby/buildkit/cmd/buildkitd@VERSION` fails
# ("The go.mod file for the module providing named packages contains one or more exclude directives"),
# so we download the module source, build it as the main module (where its excludes apply) and install
# the binaries into $PREFIX/bin (default /usr/local/bin). Skips all work when the pinned version is installed.
#
# Usage: bash scripts/install-buildkit.sh            (env: BUILDKIT_VERSION, PREFIX, FORCE=1)
set -euo pipefail

BUILDKIT_VERSION="${BUILDKIT_VERSION:-v0.32.2}"
PREFIX="${PREFIX:-/usr/local}"
MODULE=github.com/moby/buildkit

log() { printf 'setup: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

installed_ok() {
  [ -x "$PREFIX/bin/buildkitd" ] && [ -x "$PREFIX/bin/buildctl" ] || return 1
  "$PREFIX/bin/buildctl" --version 2>/dev/null | grep -qF " $BUILDKIT_VERSION" || return 1
  "$PREFIX/bin/buildkitd" --version 2>/dev/null | grep -qF " $BUILDKIT_VERSION"
}

if [ "${FORCE:-0}" != 1 ] && installed_ok; then
  log "buildkit $BUILDKIT_VERSION present ($PREFIX/bin/buildkitd, $PREFIX/bin/buildctl)"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  [ -x /usr/local/go/bin/go ] && export PATH="$PATH:/usr/local/go/bin"
fi
command -v go >/dev/null 2>&1 \
  || die "Go is not installed (looked on PATH and in /usr/local/go/bin); it is needed to build BuildKit $BUILDKIT_VERSION, which the integration tests require"

log "building buildkit $BUILDKIT_VERSION with $(go version) (takes several minutes on a cold cache)"
WORK="$(mktemp -d /tmp/tsctl-buildkit-XXXXXX)"
trap 'chmod -R u+w "$WORK" 2>/dev/null || true; rm -rf "$WORK"' EXIT

# The module cache copy is read-only: build from a writable copy (go may touch go.sum).
SRC_DIR="$(go mod download -json "$MODULE@$BUILDKIT_VERSION" \
  | sed -n 's/^[[:space:]]*"Dir":[[:space:]]*"\(.*\)",\{0,1\}$/\1/p')"
[ -n "$SRC_DIR" ] && [ -d "$SRC_DIR" ] || die "go mod download $MODULE@$BUILDKIT_VERSION gave no source directory"
cp -a "$SRC_DIR" "$WORK/src"
chmod -R u+w "$WORK/src"
mkdir -p "$WORK/out"

(
  cd "$WORK/src"
  GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath \
    -ldflags "-s -w -X $MODULE/version.Version=$BUILDKIT_VERSION" \
    -o "$WORK/out/" ./cmd/buildkitd ./cmd/buildctl
) || die "go build of buildkit $BUILDKIT_VERSION failed"

install -d "$PREFIX/bin"
install -m 0755 "$WORK/out/buildkitd" "$PREFIX/bin/buildkitd"
install -m 0755 "$WORK/out/buildctl" "$PREFIX/bin/buildctl"
installed_ok || die "installed buildkit does not report $BUILDKIT_VERSION"
log "installed $("$PREFIX/bin/buildctl" --version)"
