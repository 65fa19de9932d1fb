/** Docker's `info` layout for tsctl's SystemInfo. */
import type { SystemInfo } from '../../services/system/info';
import { kvLines } from './keyvalue';

/** Docker's units.BytesSize: binary units with 4 significant digits ("23.47GiB"). */
export function bytesSize(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number(v.toPrecision(4))}${units[i]}`;
}

export function renderInfo(info: SystemInfo, client: { version: string; debug: boolean }): string {
  let s = 'Client:\n' + kvLines([['Version', client.version], ['Debug Mode', client.debug]], 1);
  s += '\nServer:\n';
  s += kvLines([['Server Version', info.ServerVersion], ['Namespace', info.Namespace], ['Address', info.Address],
    ['Storage Driver', info.Driver], ['Logging Driver', 'json-file'], ['Cgroup Driver', info.CgroupDriver],
    ['Cgroup Version', info.CgroupVersion]], 1);
  s += ' Plugins:\n' + kvLines([['Storage', info.Plugins.Storage.join(' ')], ['Network', info.Plugins.Network.join(' ')]], 2);
  s += kvLines([['Runtimes', Object.keys(info.Runtimes).join(' ')], ['Default Runtime', info.DefaultRuntime]], 1);
  s += ' CNI:\n' + kvLines([['Plugin Dir', info.CNI.PluginDir || '(none found)'], ['Search Path', info.CNI.Path.join(':')],
    ['Netconf Path', info.CNI.NetconfPath]], 2);
  s += ' BuildKit:\n' + kvLines([['Host', info.BuildKit.Host || '(none)'], ['Available', info.BuildKit.Available]], 2);
  s += kvLines([['Kernel Version', info.KernelVersion], ['Operating System', info.OperatingSystem], ['OSType', info.OSType],
    ['Architecture', info.Architecture], ['CPUs', info.NCPU], ['Total Memory', bytesSize(info.MemTotal)],
    ['Name', info.Name], ['ID', info.ID], ['Data Root', info.DockerRootDir]], 1);
  return s;
}
