#!/usr/bin/env bash
# Regenerate the static TypeScript bindings for tsctl's containerd API protos.
#
#   usage: bash scripts/gen-proto.sh        (or: npm run gen)   — run from anywhere;
#          the script cd's to the repo root.
#
# Input : src/containerd/proto/**/*.proto  (tsctl's own proto3 definitions of the
#         containerd v1 API; package/message/service names match containerd's, so
#         gRPC paths "/<pkg>.<Service>/<Rpc>" and Any type URLs line up)
#         + google/protobuf/*.proto well-known types from protoc's include dir.
# Output: src/containerd/gen/  — wiped and fully rewritten on every run.
#         One .ts per .proto, same relative path (e.g.
#         gen/containerd/services/tasks/v1/tasks.ts), plus gen/google/protobuf/*.ts
#         for the well-known types that are used.
#
# Tools : protoc (3.15+ for proto3 `optional`; tested with 3.21.12) and ts-proto
#         (node_modules/.bin/protoc-gen-ts_proto, tested with 2.18.0). Runtime deps of
#         the generated code: @bufbuild/protobuf (wire) and @grpc/grpc-js.
#
# ts-proto options (one protoc invocation, identical options for every file):
#   outputServices=grpc-js    grpc-js service definitions (<Svc>Service), server
#                             interfaces (<Svc>Server) and client constructors
#                             (<Svc>Client, via makeGenericClientConstructor).
#   env=node                  Uint8Array/Buffer handling for Node only.
#   esModuleInterop=true      matches tsconfig.
#   forceLong=bigint          ALL int64/uint64 fields are `bigint`, everywhere.
#                             Chosen over number/string because cgroup metrics carry
#                             uint64 values up to 2^64-1 (e.g. memory.max "max"),
#                             which forceLong=number would throw on, and one
#                             lossless representation for every package beats a
#                             mixed number/string scheme. Encoding/decoding is done
#                             by @bufbuild/protobuf's BinaryReader/Writer (native
#                             bigint), so grpc-js only ever sees Buffers.
#                             Note: JSON.stringify() throws on bigint — convert
#                             (Number()/String()) before printing.
#   useDate=true              google.protobuf.Timestamp fields are `Date | undefined`
#                             (millisecond precision; sub-ms nanos are dropped).
#   outputJsonMethods=false   no fromJSON/toJSON (smaller output).
#   outputPartialMethods=false no create/fromPartial (smaller output): callers build
#                             complete object literals — every scalar/map/repeated
#                             field must be present (the TS types enforce it);
#                             message-typed fields may be `undefined`.
#   useOptionals=none         fields are required keys (`x: T`, messages `T | undefined`).
#   snakeToCamel=true         container_id -> containerId, etc.
#   unrecognizedEnum=false    no UNRECOGNIZED (-1) member in enums.
#   annotateFilesWithVersion=false  no tool-version header lines -> stable output.
#   (no importSuffix: imports are extensionless; fine for tsconfig "Bundler"
#    resolution, tsx and esbuild.)
# Generated code type-checks under the repo's strict tsconfig as-is; no
# `// @ts-nocheck` banner is added.
#
# Deterministic: input files are passed in C-locale sorted order; running the
# script twice yields byte-identical output.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PROTO_DIR="src/containerd/proto"
OUT_DIR="${OUT_DIR:-src/containerd/gen}"  # override to check freshness elsewhere
PLUGIN="node_modules/.bin/protoc-gen-ts_proto"
PROTOC="${PROTOC:-protoc}"

command -v "$PROTOC" >/dev/null 2>&1 || { echo "gen-proto: protoc not found (apt-get install protobuf-compiler)" >&2; exit 1; }
[[ -x "$PLUGIN" ]] || { echo "gen-proto: $PLUGIN missing (npm ci)" >&2; exit 1; }

# Locate the well-known types (google/protobuf/*.proto) shipped with protoc.
WKT_INCLUDE="${PROTOC_INCLUDE:-}"
if [[ -z "$WKT_INCLUDE" ]]; then
  for d in /usr/include /usr/local/include "$(dirname "$(command -v "$PROTOC")")/../include"; do
    if [[ -f "$d/google/protobuf/timestamp.proto" ]]; then WKT_INCLUDE="$d"; break; fi
  done
fi
[[ -n "$WKT_INCLUDE" && -f "$WKT_INCLUDE/google/protobuf/timestamp.proto" ]] || {
  echo "gen-proto: google/protobuf well-known types not found; set PROTOC_INCLUDE" >&2; exit 1; }

TS_PROTO_OPTS=(
  outputServices=grpc-js
  env=node
  esModuleInterop=true
  forceLong=bigint
  useDate=true
  outputJsonMethods=false
  outputPartialMethods=false
  useOptionals=none
  snakeToCamel=true
  unrecognizedEnum=false
  annotateFilesWithVersion=false
)
OPTS="$(IFS=,; echo "${TS_PROTO_OPTS[*]}")"

# Relative paths (as protoc sees them under -I $PROTO_DIR), sorted for determinism.
mapfile -t PROTOS < <(cd "$PROTO_DIR" && find . -type f -name '*.proto' | sed 's|^\./||' | LC_ALL=C sort)
[[ ${#PROTOS[@]} -gt 0 ]] || { echo "gen-proto: no .proto files under $PROTO_DIR" >&2; exit 1; }

rm -rf "$OUT_DIR"
mkdir -p "$OUT_DIR"

"$PROTOC" \
  --plugin=protoc-gen-ts_proto="$PLUGIN" \
  -I "$PROTO_DIR" \
  -I "$WKT_INCLUDE" \
  --ts_proto_out="$OUT_DIR" \
  --ts_proto_opt="$OPTS" \
  "${PROTOS[@]}"

count="$(find "$OUT_DIR" -type f -name '*.ts' | wc -l)"
echo "gen-proto: ${#PROTOS[@]} proto files -> $count TypeScript files in $OUT_DIR"
