/**
 * `--log-driver` / `--log-opt` (docker/cli parseLoggingOpts + opts.ConvertKVStringsToMap, dockerd's
 * logger.ValidateLogOpts and the json-file driver's ValidateLogOpt / New). tsctl has two drivers: `json-file`
 * (its logger process) and `none`.
 */
import { InvalidOptionError } from '../../errors/index';
import { parseSize } from '../../logger/args';
import { daemonError, goAtoi, goParseBool, goQuote, setKey } from './common';

/** Docker's HostConfig.LogConfig. */
export interface LogConfig {
  Type: string;
  Config: Record<string, string>;
}

export const DEFAULT_LOG_DRIVER = 'json-file';

/** The json-file driver's options (moby daemon/logger/jsonfilelog ValidateLogOpt). */
const JSON_FILE_OPTS = new Set(['max-file', 'max-size', 'compress', 'labels', 'labels-regex', 'env', 'env-regex', 'tag']);
/** Options every driver takes (logger.builtInLogOpts). */
const BUILTIN_OPTS = new Set(['mode', 'max-buffer-size']);

/**
 * The CLI side: `--log-opt k=v` list to a map (a value without `=` maps to ""; later ones win), and
 * `invalid logging opts for driver none` when `none` is given options.
 */
export function parseLogOpts(driver: string, opts: readonly string[]): LogConfig {
  const config: Record<string, string> = {};
  for (const o of opts) {
    const eq = o.indexOf('=');
    setKey(config, eq < 0 ? o : o.slice(0, eq), eq < 0 ? '' : o.slice(eq + 1));
  }
  if (driver === 'none' && opts.length > 0) throw new InvalidOptionError(`invalid logging opts for driver ${driver}`);
  return { Type: driver === '' ? DEFAULT_LOG_DRIVER : driver, Config: config };
}

/**
 * dockerd's checks at create time: the mode, `max-buffer-size` only with `mode=non-blocking`, the driver exists
 * (`error looking up logging plugin x: plugin "x" not found`, dockerd 20.10's text for any driver it cannot find),
 * and json-file's option names (`unknown log opt 'x' for json-file log driver`).
 */
export function validateLogConfig(cfg: LogConfig): void {
  if (cfg.Type === 'none') return;
  const mode = cfg.Config.mode ?? '';
  if (!['', 'blocking', 'non-blocking'].includes(mode)) throw daemonError(`logger: logging mode not supported: ${mode}`);
  const buffer = cfg.Config['max-buffer-size'];
  if (buffer !== undefined) {
    if (mode !== 'non-blocking') throw daemonError("logger: max-buffer-size option is only supported with 'mode=non-blocking'");
    try {
      parseSize(buffer);
    } catch (e) {
      throw daemonError(`error parsing option max-buffer-size: ${(e as Error).message}`);
    }
  }
  if (cfg.Type !== DEFAULT_LOG_DRIVER) throw daemonError(`error looking up logging plugin ${cfg.Type}: plugin "${cfg.Type}" not found`);
  for (const key of Object.keys(cfg.Config)) {
    if (!BUILTIN_OPTS.has(key) && !JSON_FILE_OPTS.has(key)) throw daemonError(`unknown log opt '${key}' for json-file log driver`);
  }
}

/** What the logger process needs; `none` also gets a bounded file (see docs/compat.md). */
export interface LogFileOptions {
  maxSize?: number;
  maxFile?: number;
}

/** The bounded file a `none` container's attached clients follow: 1 MiB, one rotated file. */
export const NONE_LOG_FILE: LogFileOptions = { maxSize: 1024 * 1024, maxFile: 2 };

/**
 * The json-file driver's start-time parsing (jsonfilelog.New): `max-size` with units.FromHumanSize (decimal:
 * `1k` = 1000), `max-file` with strconv.Atoi, `compress` with strconv.ParseBool, with Docker's messages wrapped
 * as `failed to initialize logging driver: …`.
 */
export function logFileOptions(cfg: LogConfig): LogFileOptions {
  if (cfg.Type === 'none') return { ...NONE_LOG_FILE };
  const fail = (msg: string) => daemonError(`failed to initialize logging driver: ${msg}`);
  const out: LogFileOptions = {};
  const size = cfg.Config['max-size'];
  if (size !== undefined) {
    try {
      out.maxSize = parseSize(size);
    } catch (e) {
      throw fail((e as Error).message);
    }
  }
  const files = cfg.Config['max-file'];
  if (files !== undefined) {
    let n: number;
    try {
      n = goAtoi(files);
    } catch (e) {
      throw fail((e as Error).message);
    }
    if (n < 1) throw fail('max-file cannot be less than 1');
    out.maxFile = n;
  }
  const compress = cfg.Config.compress;
  if (compress !== undefined) {
    const b = goParseBool(compress);
    if (b === undefined) throw fail(`strconv.ParseBool: parsing ${goQuote(compress)}: invalid syntax`);
    if (b && ((out.maxFile ?? 1) === 1 || out.maxSize === undefined)) throw fail('compress cannot be true when max-file is less than 2 or max-size is not set');
  }
  // Docker keeps max-file only with a size limit (without one the file never rotates).
  if (out.maxSize === undefined) delete out.maxFile;
  return out;
}
