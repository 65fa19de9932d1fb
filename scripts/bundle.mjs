// Bundles tsctl with esbuild: one small entry chunk (commander + the command table) and lazily loaded chunks
// for everything a command imports dynamically (gRPC, YAML, undici...), so `--help` stays cheap.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';

await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { tsctl: 'src/cli/entry.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
  // CommonJS dependencies (grpc-js, commander) call require(); give each ESM chunk a real one.
  banner: { js: "import { createRequire as __tsctlCreateRequire } from 'node:module'; const require = __tsctlCreateRequire(import.meta.url);" },
});

// The per-container logging binary (src/logger/main.ts) and the OCI networking hook (src/net/hook/main.ts): each a separate, self-contained bundle with node built-ins
// only — no splitting, no shared chunks, no require() banner — so each logger process loads as little as possible.
await build({
  entryPoints: { 'tsctl-logger': 'src/logger/main.ts', 'tsctl-oci-hook': 'src/net/hook/main.ts' },
  outdir: 'dist',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
});
