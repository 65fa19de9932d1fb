#!/usr/bin/env bash
# quickstart.sh — the README's "run it" command: sets up this host (idempotent; root), starts containerd and
# buildkitd when none is running, builds tsctl, and drives a real workload against the system containerd.
# Grows as commands land; today: version, info, a namespace round trip, and an image life cycle against a local
# registry (pull, images, inspect, tag, push, save/load, rmi), and containers (run -i/-d, restart policy and
# healthcheck, ps, exec -i, logs, inspect, stop, rm).
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
bash scripts/quickstart-registry.sh
img=127.0.0.1:5000/quickstart/busybox:latest
tsctl pull "$img"
tsctl images
tsctl image inspect --format '{{.Id}} {{.Os}}/{{.Architecture}} {{json .RepoTags}}' "$img"
tsctl tag "$img" 127.0.0.1:5000/quickstart/copy:v1
tsctl push 127.0.0.1:5000/quickstart/copy:v1
tsctl save -o /tmp/tsctl-quickstart.tar 127.0.0.1:5000/quickstart/copy:v1
tsctl rmi 127.0.0.1:5000/quickstart/copy:v1
tsctl load -i /tmp/tsctl-quickstart.tar
tsctl history 127.0.0.1:5000/quickstart/copy:v1
ctr run --rm "$img" quickstart-$$ echo "hello from an image pulled by tsctl"
tsctl run --rm "$img" echo "hello from tsctl run"
echo "piped through tsctl run -i" | tsctl run --rm -i "$img" cat
tsctl run -d --name quickstart-web --restart on-failure --health-cmd 'test -f /tmp/up' --health-interval 1s "$img" sh -c 'echo serving; touch /tmp/up; sleep 300'
tsctl ps
echo "written by exec -i" | tsctl exec -i quickstart-web sh -c 'cat > /tmp/note; cat /tmp/note'
tsctl exec quickstart-web sh -c 'echo "exec in $(hostname)"'
for _ in $(seq 1 50); do
  [ "$(tsctl inspect -f '{{.State.Health.Status}}' quickstart-web)" = healthy ] && break
  sleep 0.2
done
tsctl ps --filter name=quickstart-web
tsctl logs quickstart-web
tsctl inspect --format '{{.Name}} {{.State.Status}}' quickstart-web
tsctl stop -t 1 quickstart-web
tsctl rm quickstart-web
# Networks, published ports, name resolution and volumes.
tsctl rm -f quickstart-httpd >/dev/null 2>&1 || true
tsctl network rm quickstart-net >/dev/null 2>&1 || true
tsctl volume rm quickstart-data >/dev/null 2>&1 || true
tsctl network create quickstart-net
tsctl volume create quickstart-data
tsctl run --rm -v quickstart-data:/www "$img" sh -c 'echo "served from a volume" > /www/index.html'
tsctl run -d --name quickstart-httpd --network quickstart-net --network-alias web -p 127.0.0.1::80 -v quickstart-data:/www:ro "$img" httpd -f -p 80 -h /www
tsctl port quickstart-httpd
hostport="$(node bin/tsctl port quickstart-httpd 80)"
echo "\$ curl http://$hostport/"
served=0; for _ in $(seq 1 50); do if curl -fsS "http://$hostport/"; then served=1; break; fi; sleep 0.2; done; [ "$served" = 1 ]
tsctl run --rm --network quickstart-net "$img" wget -qO- http://web/
tsctl ps --filter name=quickstart-httpd
tsctl rm -f quickstart-httpd
tsctl network rm quickstart-net
tsctl volume rm quickstart-data
tsctl rmi 127.0.0.1:5000/quickstart/copy:v1 "$img"
