#!/usr/bin/env bash
# Starts a local registry on 127.0.0.1:5000 for the quick start (when nothing answers there) and pushes the
# busybox test image (Debian's busybox-static, built locally; these machines have no internet) to it as
# 127.0.0.1:5000/quickstart/busybox:latest. Storage: /var/lib/tsctl-quickstart/registry. Idempotent.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=/var/lib/tsctl-quickstart
mkdir -p "$root/registry" "$root/image"
if ! curl -fsS -o /dev/null http://127.0.0.1:5000/v2/ 2>/dev/null; then
  cat > "$root/registry/config.yml" <<YAML
version: 0.1
storage:
  filesystem:
    rootdirectory: $root/registry/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:5000
YAML
  nohup docker-registry serve "$root/registry/config.yml" > /var/log/tsctl-quickstart-registry.log 2>&1 &
  for _ in $(seq 1 50); do curl -fsS -o /dev/null http://127.0.0.1:5000/v2/ 2>/dev/null && break; sleep 0.1; done
fi
node --import tsx -e "
import { buildBusyboxImage, pushImage } from './test/harness/image.ts';
const img = await buildBusyboxImage('$root/image');
await pushImage(img, '127.0.0.1:5000', 'quickstart/busybox', 'latest');
"
