/** Shared inputs for the spec-builder tests. */
import type { ContainerConfig, ImageConfigFile } from '../../../../src/oci/types';
import type { HostFacts, SpecInput } from '../../../../src/services/containers/spec/build';

export const ID = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

export function image(config: ContainerConfig = { Cmd: ['sh'] }): ImageConfigFile {
  return { architecture: 'amd64', os: 'linux', config, rootfs: { type: 'layers', diff_ids: [] } };
}

export const V1: HostFacts = { cgroupVersion: 1, arch: 'amd64', kernelVersion: '6.1.0-18-amd64' };
export const V2: HostFacts = { cgroupVersion: 2, arch: 'amd64', kernelVersion: '6.1.0-18-amd64' };

export function input(over: Partial<SpecInput> = {}): SpecInput {
  return { id: ID, namespace: 'tsctl', image: image(), env: ['PATH=/bin'], host: V1, ...over };
}
