/** `port CONTAINER [PRIVATE_PORT[/PROTO]]`: a running container's published ports, as docker/cli prints them. */
import type { ContainersPort, TaskControl } from '../../containerd/ports';
import { InvalidArgumentError } from '../../errors/index';
import { portLines } from '../../compat/ports';
import { findContainer } from './resolve';
import { portMapOf, type NetFilesReader } from './network-view';

/** `port`'s PRIVATE_PORT[/PROTO] (docker/cli v28: the protocol defaults to tcp, the port must be a uint16). */
export function parsePrivatePort(value: string): { port: string; proto: string } {
  const slash = value.indexOf('/');
  const port = slash < 0 ? value : value.slice(0, slash);
  const proto = slash < 0 || slash === value.length - 1 ? 'tcp' : value.slice(slash + 1);
  if (!/^[0-9]+$/.test(port)) throw new InvalidArgumentError(`Error: invalid port (${port}): strconv.ParseUint: parsing ${JSON.stringify(port)}: invalid syntax`);
  if (Number(port) > 65535) throw new InvalidArgumentError(`Error: invalid port (${port}): strconv.ParseUint: parsing ${JSON.stringify(port)}: value out of range`);
  return { port, proto };
}

export interface PortDeps {
  list: ContainersPort;
  tasks: TaskControl;
  netFiles: NetFilesReader;
}

/**
 * `docker port CONTAINER [PRIVATE_PORT[/PROTO]]`: the lines to print. A container that is not running has no
 * bindings (nothing printed; with a port, Docker's "No public port" error).
 */
export async function containerPorts(deps: PortDeps, ref: string, privatePort?: string): Promise<string[]> {
  const c = await findContainer(deps.list, ref);
  const wanted = privatePort === undefined ? undefined : parsePrivatePort(privatePort);
  const task = await deps.tasks.get(c.id);
  const running = task !== undefined && (task.status === 'running' || task.status === 'paused' || task.status === 'pausing');
  const files = running ? await deps.netFiles(c.id, { state: true }) : {};
  const lines = portLines(portMapOf(files, running), wanted);
  if (lines === undefined) throw new InvalidArgumentError(`Error: No public port '${privatePort ?? ''}' published for ${ref}`);
  return lines;
}
