/**
 * The logger's argv: containerd's runc shim turns the `binary://` URI query into `key value` pairs (Go map
 * order, so any order; a key without `=` gets an empty value). Keys: `path` (required, absolute), `max-size`,
 * `max-file`, `tty` (`1`: the task has a terminal — stdout only, every chunk written out at once so prompts show),
 * `hook` (the container's hook script: `hook exited` when the output ends, `hook health` every `health-interval`
 * ms while it runs), `stdout-fifo` and
 * `stderr-fifo` (read the streams from these FIFOs instead of fds 3/4: the logger was started by tsctl for a task
 * whose stdin is a FIFO, which the shim's binary:// IO cannot give). Unknown keys are ignored. Part of the
 * logger's code path: node built-ins only.
 */

export interface LoggerConfig {
  path: string;
  maxSize?: number;
  maxFile?: number;
  tty?: boolean;
  stdoutFifo?: string;
  stderrFifo?: string;
  hook?: string;
  healthIntervalMs?: number;
}

const UNITS: Record<string, number> = { '': 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12, p: 1e15 };

/** Docker's units.FromHumanSize (decimal): `1024`, `10k`, `1.5m`, `2MB`, `3g`. */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)(?:i?b)?\s*$/i.exec(text);
  const unit = UNITS[(m?.[2] ?? '').toLowerCase()];
  if (m === null || unit === undefined) throw new Error(`invalid size: '${text}'`);
  const n = Math.floor(Number(m[1]) * unit);
  if (!Number.isFinite(n) || n <= 0) throw new Error('max-size must be a positive number');
  return n;
}

export function parseLoggerArgs(argv: readonly string[]): LoggerConfig {
  const kv = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) kv.set(argv[i] ?? '', argv[i + 1] ?? '');
  const path = kv.get('path');
  if (path === undefined || !path.startsWith('/')) throw new Error('logger: an absolute "path" argument is required');
  const cfg: LoggerConfig = { path };
  const size = kv.get('max-size');
  if (size !== undefined && size !== '' && size !== '-1') cfg.maxSize = parseSize(size);
  const files = kv.get('max-file');
  if (files !== undefined && files !== '') {
    const n = Number(files);
    if (!Number.isInteger(n) || n < 1) throw new Error('max-file cannot be less than 1');
    cfg.maxFile = n;
  }
  if (kv.get('tty') === '1') cfg.tty = true;
  const health = Number(kv.get('health-interval'));
  if (Number.isInteger(health) && health > 0) cfg.healthIntervalMs = health;
  for (const [key, field] of [['hook', 'hook'], ['stdout-fifo', 'stdoutFifo'], ['stderr-fifo', 'stderrFifo']] as const) {
    const v = kv.get(key);
    if (v === undefined || v === '') continue;
    if (!v.startsWith('/')) throw new Error(`logger: "${key}" must be an absolute path`);
    cfg[field] = v;
  }
  return cfg;
}
