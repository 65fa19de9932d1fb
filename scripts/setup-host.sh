#!/usr/bin/env bash
# setup-host.sh — idempotent host set-up for developing and testing tsctl (run as root).
#
# Installs the Debian packages tsctl's tests drive for real (containerd, runc, CNI plugins, iptables,
# busybox-static for the test image, docker-registry, tini-static, protoc), makes sure node_modules
# matches package-lock.json, and installs a pinned BuildKit (scripts/install-buildkit.sh).
# Fast path: when everything is present it does no network access and returns in well under a second.
#
# Usage: bash scripts/setup-host.sh [--start]
#   --start   also start a system containerd (/run/containerd/containerd.sock) and buildkitd
#             (/run/buildkit/buildkitd.sock) in the background when nothing answers there
#             (these machines have no systemd). Logs: /var/log/tsctl-{containerd,buildkitd}.log
set -euo pipefail

log() { printf 'setup: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

START=0
for arg in "$@"; do
  case "$arg" in
    --start) START=1 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option: $arg" ;;
  esac
done

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$PATH:/usr/local/bin:/usr/sbin:/sbin"

[ "$(id -u)" -eq 0 ] || die "must run as root (containerd, mounts, CNI and iptables need it)"

# --- Debian packages ---------------------------------------------------------------------------
# tini: ships /usr/bin/tini-static. busybox-static: /bin/busybox for the test image. iproute2: `ip netns` in the
# CNI tests. curl: the quick start and the local registry checks. openssh-client: ssh-keygen in the build --ssh test.
PACKAGES=(containerd runc containernetworking-plugins iptables iproute2 curl openssh-client busybox-static docker-registry tini protobuf-compiler)

missing_packages() {
  local pkg status
  for pkg in "${PACKAGES[@]}"; do
    status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
    [ "$status" = "installed" ] || printf '%s\n' "$pkg"
  done
}

mapfile -t MISSING < <(missing_packages)
if [ "${#MISSING[@]}" -eq 0 ]; then
  log "Debian packages present (${PACKAGES[*]})"
else
  log "installing Debian packages: ${MISSING[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Update the lists only when they are missing or the install fails with stale lists.
  if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
    log "apt-get update (no package lists yet)"
    apt-get update -qq >&2
  fi
  if ! apt-get install -y -qq --no-install-recommends "${MISSING[@]}" </dev/null >&2; then
    log "install failed; apt-get update and retry"
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "${MISSING[@]}" </dev/null >&2
  fi
fi

# --- Node dependencies -------------------------------------------------------------------------
command -v node >/dev/null || die "node is not installed (Node >= 20 required)"
command -v npm >/dev/null || die "npm is not installed"
cd "$REPO"
if [ ! -f package-lock.json ]; then
  log "no package-lock.json: npm install"
  npm install --no-audit --no-fund </dev/null >&2
elif [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] \
     || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "node_modules missing or older than package-lock.json: npm ci"
  npm ci --no-audit --no-fund </dev/null >&2
else
  log "node_modules up to date"
fi

# --- BuildKit ----------------------------------------------------------------------------------
bash "$REPO/scripts/install-buildkit.sh"

# --- optional: start system daemons ------------------------------------------------------------
wait_for_socket() { # path seconds
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    [ -S "$1" ] && return 0
    sleep 0.1
  done
  return 1
}

if [ "$START" -eq 1 ]; then
  CTRD_SOCK=/run/containerd/containerd.sock
  if [ -S "$CTRD_SOCK" ] && ctr --connect-timeout 2s --address "$CTRD_SOCK" version >/dev/null 2>&1; then
    log "containerd already answers at $CTRD_SOCK"
  else
    log "starting containerd (log: /var/log/tsctl-containerd.log)"
    rm -f "$CTRD_SOCK"
    nohup containerd >>/var/log/tsctl-containerd.log 2>&1 </dev/null &
    wait_for_socket "$CTRD_SOCK" 30 || die "containerd did not create $CTRD_SOCK (see /var/log/tsctl-containerd.log)"
    log "containerd is up (pid $!)"
  fi
  BK_SOCK=/run/buildkit/buildkitd.sock
  if [ -S "$BK_SOCK" ] && buildctl --timeout 2 --addr "unix://$BK_SOCK" debug workers >/dev/null 2>&1; then
    log "buildkitd already answers at $BK_SOCK"
  else
    log "starting buildkitd: containerd worker, namespace default (log: /var/log/tsctl-buildkitd.log)"
    mkdir -p /run/buildkit
    rm -f "$BK_SOCK"
    nohup buildkitd --addr "unix://$BK_SOCK" --oci-worker=false --containerd-worker=true \
      --containerd-worker-addr "$CTRD_SOCK" --containerd-worker-namespace default >>/var/log/tsctl-buildkitd.log 2>&1 </dev/null &
    wait_for_socket "$BK_SOCK" 30 || die "buildkitd did not create $BK_SOCK (see /var/log/tsctl-buildkitd.log)"
    log "buildkitd is up (pid $!)"
  fi
fi

log "done"
