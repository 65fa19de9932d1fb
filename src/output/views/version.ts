/** Docker's `version` layout for tsctl's VersionInfo. */
import type { Component, VersionInfo } from '../../services/system/version';
import { kvLines } from './keyvalue';

function component(c: Component): string {
  return ` ${c.Name}:\n` + kvLines([['Version', c.Version], ...Object.entries(c.Details)], 2);
}

export function renderClientVersion(info: VersionInfo): string {
  const c = info.Client;
  return 'Client:\n' + kvLines([['Version', c.Version], ['Node.js version', c.NodeVersion], ['OS/Arch', `${c.Os}/${c.Arch}`]], 1) +
    c.Components.map(component).join('');
}

export function renderServerVersion(info: VersionInfo): string {
  if (!info.Server) return '';
  return '\nServer:\n' + info.Server.Components.map(component).join('');
}
