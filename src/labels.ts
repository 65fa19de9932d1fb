/**
 * Every containerd label tsctl reads or writes, in one place, with its encoding.
 */

/** Container name (Docker's `--name`), plain string. */
export const NAME_LABEL = 'tsctl/name';
/** nerdctl's name label, read so containers made by nerdctl show their names. */
export const NERDCTL_NAME_LABEL = 'nerdctl/name';
/** The image reference as the user gave it (`busybox`), shown by ps like Docker. */
export const IMAGE_REF_LABEL = 'tsctl/image';
/** Path of the container's json-file log. */
export const LOG_PATH_LABEL = 'tsctl/log-path';
/**
 * JSON of the HostConfig fields inspect cannot derive from the OCI spec (`ContainerIDFile`, `CpuPeriod`/`CpuQuota`
 * as given rather than from --cpus, `Devices` with their host paths); see cli/wiring/run-spec StoredHostConfig.
 */
export const HOST_CONFIG_LABEL = 'tsctl/host-config';
/** Docker's HostConfig.LogConfig as JSON `{"Type":"json-file","Config":{"max-size":"1k"}}`; absent: json-file, no options. */
export const LOG_CONFIG_LABEL = 'tsctl/log-config';
/** Set on containers created by tsctl. */
export const CREATED_BY_LABEL = 'tsctl/created-by';
/** Stop signal (name or number) from --stop-signal or the image's StopSignal. */
export const STOP_SIGNAL_LABEL = 'tsctl/stop-signal';
/** Stop timeout in seconds (--stop-timeout). */
export const STOP_TIMEOUT_LABEL = 'tsctl/stop-timeout';
/** Docker's OpenStdin/StdinOnce from `-i`: `open` (stays open for attach) or `once` (closed at the attached client's EOF). */
export const STDIN_LABEL = 'tsctl/stdin';

/** LOG_CONFIG_LABEL's value decoded: Docker's LogConfig, json-file without options when absent or unreadable. */
export function decodeLogConfig(label: string | undefined): { Type: string; Config: Record<string, string> } {
  try {
    const v = (label ? JSON.parse(label) : {}) as { Type?: unknown; Config?: unknown };
    if (typeof v.Type === 'string') return { Type: v.Type, Config: typeof v.Config === 'object' && v.Config !== null ? { ...(v.Config as Record<string, string>) } : {} };
  } catch {
    // the default
  }
  return { Type: 'json-file', Config: {} };
}
