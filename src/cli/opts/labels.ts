/**
 * Labels: `-l/--label k=v` (docker/cli opts.ValidateLabel) and `--label-file` (the same pkg/kvfile syntax as
 * `--env-file`, but a bare `KEY` line is dropped since there is no lookup), merged as docker/cli's
 * ReadKVStrings + ConvertKVStringsToMap (files first, then flags; the last value of a key wins).
 */
import { InvalidOptionError } from '../../errors/index';
import { cut, setKey, withFlag } from './common';
import { kvFileError, parseKeyValueFile, type EnvFile } from './env';

/**
 * docker/cli's ValidateLabel: the key (before `=`, leading spaces/tabs ignored) must be non-empty and free of
 * spaces and tabs. Errors: `invalid label '=x': empty name`, `label 'a b' contains whitespaces`.
 * Returns the value unchanged (`k` alone means an empty value).
 */
export function parseLabelFlag(value: string): string {
  const key = cut(value, '=')[0].replace(/^[ \t]+/, '');
  if (key === '') throw new InvalidOptionError(`invalid label '${value}': empty name`);
  if (/[ \t]/.test(key)) throw new InvalidOptionError(`label '${key}' contains whitespaces`);
  return value;
}

/** One `--label-file`'s content: `--label-file: invalid env file (f): variable 'a b' contains whitespaces` (sic). */
export function parseLabelFile(content: string | Uint8Array, path: string): string[] {
  try {
    return parseKeyValueFile(content);
  } catch (e) {
    if (e instanceof InvalidOptionError) throw kvFileError('--label-file', path, e.message);
    throw e;
  }
}

/** docker/cli's ConvertKVStringsToMap: `k=v` → k: v, `k` → k: "", later entries win. */
export function kvListToRecord(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const [k, val] = cut(v, '=');
    setKey(out, k, val);
  }
  return out;
}

/**
 * All `--label-file`s in order, then all `-l` values (validated as pflag does:
 * `invalid argument "=x" for "-l, --label" flag: invalid label '=x': empty name`) → Config.Labels.
 */
export function collectLabels(labelFiles: readonly EnvFile[], labelFlags: readonly string[]): Record<string, string> {
  const flags = labelFlags.map((v) => withFlag('-l, --label', v, parseLabelFlag));
  const fromFiles = labelFiles.flatMap((f) => parseLabelFile(f.content, f.path));
  return kvListToRecord([...fromFiles, ...flags]);
}
