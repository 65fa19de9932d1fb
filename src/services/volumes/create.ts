/**
 * `volume create` and the volumes run/create make: the local driver only, its options checked as moby's
 * volume/local validateOpts, names as its volumeNameRegex; an existing name is returned as it is (Docker).
 */
import { randomBytes } from 'node:crypto';
import { InvalidArgumentError } from '../../errors/index';
import { volumeNameProblem } from './names';
import { ANONYMOUS_LABEL, type VolumeRecord, type VolumesPort } from './model';

const VALID_OPTS = ['type', 'device', 'o', 'size'];
const MANDATORY: Record<string, string[]> = { device: ['type'], type: ['device'], o: ['device', 'type'] };

export interface CreateVolumeRequest {
  name?: string;
  driver?: string;
  labels?: Record<string, string>;
  options?: Record<string, string>;
  anonymous?: boolean;
}

const daemon = (msg: string) => new InvalidArgumentError(`Error response from daemon: ${msg}`);

/** moby's local driver option checks (no quota support: `size` is refused as Docker does without xfs quotas). */
export function validateVolumeOptions(name: string, opts: Record<string, string>): void {
  for (const k of Object.keys(opts)) if (!VALID_OPTS.includes(k)) throw daemon(`create ${name}: invalid option: "${k}"`);
  if (opts.size !== undefined) throw daemon(`create ${name}: quota size requested but no quota support`);
  for (const [k, req] of Object.entries(MANDATORY)) {
    if (opts[k] === undefined) continue;
    for (const r of req) if (opts[r] === undefined) throw daemon(`create ${name}: missing required option: "${r}"`);
  }
}

export function checkDriver(name: string, driver: string | undefined): void {
  if (driver !== undefined && driver !== '' && driver !== 'local') {
    throw daemon(`create ${name}: error looking up volume plugin ${driver}: plugin "${driver}" not found`);
  }
}

export function randomVolumeName(): string {
  return randomBytes(32).toString('hex');
}

export async function createVolume(volumes: VolumesPort, req: CreateVolumeRequest): Promise<{ volume: VolumeRecord; created: boolean }> {
  const name = req.name === undefined || req.name === '' ? randomVolumeName() : req.name;
  checkDriver(name, req.driver);
  const problem = volumeNameProblem(name);
  if (problem !== undefined) throw daemon(`create ${name}: ${problem}`);
  const options = req.options ?? {};
  validateVolumeOptions(name, options);
  return volumes.create(name, {
    labels: { ...(req.anonymous ? { [ANONYMOUS_LABEL]: '' } : {}), ...req.labels },
    options,
    anonymous: req.anonymous === true,
  });
}
