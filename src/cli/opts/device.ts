/**
 * `--device /dev/host[:/dev/container][:rwm]` (docker/cli's validateLinuxPath + parseLinuxDevice) and CDI
 * device names (`vendor.com/class=name`, which docker/cli sends as a `cdi` DeviceRequest instead).
 */
import { InvalidOptionError } from '../../errors/index';
import { goPathClean } from './common';

/** Docker's HostConfig.Devices entry. */
export interface DeviceMapping {
  pathOnHost: string;
  pathInContainer: string;
  cgroupPermissions: string;
}

/** docker/cli's validDeviceMode: a non-empty combination of r, w, m, each at most once. */
export function isValidDeviceMode(mode: string): boolean {
  if (mode === '') return false;
  const seen = new Set<string>();
  for (const c of mode) {
    if (!'rwm'.includes(c) || seen.has(c)) return false;
    seen.add(c);
  }
  return true;
}

const CDI_QUALIFIER = /^[A-Za-z](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?$/;
const CDI_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_.:-]*[A-Za-z0-9])?$/;

/** The CDI parser's IsQualifiedName: `nvidia.com/gpu=all`, `vendor.com/class=dev0`. */
export function isCdiDeviceName(device: string): boolean {
  if (device === '' || device.startsWith('/')) return false;
  const eq = device.indexOf('=');
  if (eq <= 0 || eq === device.length - 1) return false;
  const kind = device.slice(0, eq);
  const slash = kind.indexOf('/');
  if (slash <= 0 || slash === kind.length - 1) return false;
  return CDI_QUALIFIER.test(kind.slice(0, slash)) && CDI_QUALIFIER.test(kind.slice(slash + 1)) && CDI_NAME.test(device.slice(eq + 1));
}

/**
 * docker/cli's validateLinuxPath for `--device`: at most three `:`-separated parts, a non-empty first part, a valid
 * mode in third place, and an absolute container path. Returns the normalised value (paths cleaned as the CLI does).
 * Errors: `bad format for path: x`, `bad mode specified: rwx`, `dev/sda is not an absolute path`.
 */
export function validateDevicePath(value: string): string {
  if ((value.match(/:/g) ?? []).length > 2) throw new InvalidOptionError(`bad format for path: ${value}`);
  const split = value.split(':');
  const [first = '', second = '', third = ''] = split;
  if (first === '') throw new InvalidOptionError(`bad format for path: ${value}`);
  let containerPath: string;
  let out: string;
  if (split.length === 1) {
    containerPath = first;
    out = goPathClean(first);
  } else if (split.length === 2) {
    if (isValidDeviceMode(second)) {
      containerPath = first;
      out = `${goPathClean(first)}:${second}`;
    } else {
      containerPath = second;
      out = `${first}:${goPathClean(second)}`;
    }
  } else {
    containerPath = second;
    if (!isValidDeviceMode(third)) throw new InvalidOptionError(`bad mode specified: ${third}`);
    out = value;
  }
  if (!containerPath.startsWith('/')) throw new InvalidOptionError(`${containerPath} is not an absolute path`);
  return out;
}

/**
 * One `--device` value for a Linux daemon: `/dev/fuse` → host and container `/dev/fuse`, permissions `rwm`;
 * `/dev/sda:/dev/xvda:r`; `/dev/sda:rw`. Validated as docker/cli does (validateDevicePath) before the split.
 * CDI names are not accepted here: test them with isCdiDeviceName first.
 */
export function parseDevice(value: string): DeviceMapping {
  const parts = validateDevicePath(value).split(':');
  if (parts.length > 3) throw new InvalidOptionError(`invalid device specification: ${value}`);
  const src = parts[0] ?? '';
  let dst = '';
  let permissions = parts.length === 3 ? (parts[2] ?? 'rwm') : 'rwm';
  const second = parts[1];
  if (second !== undefined) {
    if (isValidDeviceMode(second)) permissions = second;
    else dst = second;
  }
  return { pathOnHost: src, pathInContainer: dst === '' ? src : dst, cgroupPermissions: permissions };
}
