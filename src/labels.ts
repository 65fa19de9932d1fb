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
/** Docker's restart policy as given (`always`, `on-failure:3`, `unless-stopped`); absent = `no`. */
export const RESTART_POLICY_LABEL = 'tsctl/restart';
/** Restarts done by the policy so far (Docker's RestartCount). */
export const RESTART_COUNT_LABEL = 'tsctl/restart-count';
/** `true` after `stop`/`kill`/`rm -f`: the restart policy leaves the container alone (Docker's HasBeenManuallyStopped). */
export const EXPLICIT_STOP_LABEL = 'tsctl/explicitly-stopped';
/** `true` for `--rm`: the container is removed when its task exits, also when detached. */
export const AUTO_REMOVE_LABEL = 'tsctl/auto-remove';
/** Docker's Config.Healthcheck (JSON, nanoseconds), the flags merged over the image's HEALTHCHECK. */
export const HEALTHCHECK_LABEL = 'tsctl/healthcheck';
/** containerd's restart monitor (1.6+): desired state `running` / `stopped`, and the log URI it restarts with. */
export const CONTAINERD_RESTART_STATUS_LABEL = 'containerd.io/restart.status';
export const CONTAINERD_RESTART_LOGURI_LABEL = 'containerd.io/restart.loguri';

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
/** Set by Kubernetes' CRI plugin (namespace `k8s.io`): pod namespace, pod name and container name. */
export const K8S_POD_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';
export const K8S_POD_NAME_LABEL = 'io.kubernetes.pod.name';
export const K8S_CONTAINER_NAME_LABEL = 'io.kubernetes.container.name';
/** JSON array of the CNI networks (names) a container is attached to; kept in sync by create/connect/disconnect. */
export const NETWORKS_LABEL = 'tsctl/networks';
/** Docker's HostConfig.NetworkMode as given (`bridge`, `host`, `none`, `container:<id>`, `<network name>`). */
export const NETWORK_MODE_LABEL = 'tsctl/network-mode';
/** JSON array of Docker MountPoint objects (volumes, binds, tmpfs mounts from --mount) for inspect/rm -v/volume rm. */
export const MOUNTS_LABEL = 'tsctl/mounts';
/** JSON array of anonymous volume names, removed by `rm -v` and `run --rm`. */
export const ANONYMOUS_VOLUMES_LABEL = 'tsctl/anonymous-volumes';
