/** The OCI runtime spec builder for `run`/`create`: see build.ts (buildSpec) and docs in each module. */
export { buildSpec, specToJSON, type HostFacts, type SecurityOptions, type SpecInput, type UserSpec } from './build';
export { capabilitiesFromMask, effectiveCapabilities, normalizeCapabilities, type CapabilityOptions } from './capabilities';
export * from './defaults';
export { buildMounts, mergeTmpfsOptions, tmpfsMount, type MountPlan, type TmpfsMount } from './mounts';
export {
  NO_COMMAND_MESSAGE,
  containerEnv,
  mergeConfigEnv,
  replaceOrAppendEnv,
  resolveCommand,
  resolveWorkingDir,
  type CommandRequest,
  type ResolvedCommand,
} from './process';
export {
  CPU_PERIOD,
  RLIM_INFINITY,
  buildDevices,
  buildResources,
  buildRlimits,
  type DeviceMapping,
  type DeviceResult,
  type ResourceHost,
  type ResourceOptions,
  type Ulimit,
} from './resources';
export { dockerSeccomp, goArch, parseKernelVersion, parseSeccompProfile, type SeccompContext } from './seccomp';
export { DEFAULT_SECCOMP_PROFILE } from './seccomp-profile';
export type * from './types';
export { OCI_VERSION } from './types';
