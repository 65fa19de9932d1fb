/**
 * The bridge plugin tears down its ipMasq NAT chain only when the container's network namespace still exists
 * (plugins 1.1.1 return early from DEL when it is gone), so a DEL after the task exited would leak the chain.
 * This removes it the way the plugin would (same chain name and comment: utils.FormatChainName/FormatComment).
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { runTool } from '../../util/proc';
import type { CniConfList } from '../types';
import type { CniResult } from './result';

/** The plugins' chain name for (network, container): CNI- + the first 24 hex of sha512(name + id). */
export function cniChainName(network: string, containerId: string): string {
  return `CNI-${createHash('sha512').update(network + containerId).digest('hex')}`.slice(0, 28);
}

const netnsExists = (path: string): Promise<boolean> => (path === '' ? Promise.resolve(false) : stat(path).then(() => true, () => false));

/** After a DEL: removes the bridge's masquerade chain for the result's IPv4s when the netns is gone. */
export async function teardownLeftoverIpMasq(list: CniConfList, containerId: string, netns: string, result: CniResult | undefined): Promise<void> {
  if (result === undefined || (await netnsExists(netns))) return;
  const masq = list.plugins.some((p) => (p.type === 'bridge' || p.type === 'ptp') && p.ipMasq === true);
  if (!masq) return;
  const chain = cniChainName(list.name, containerId);
  const comment = `name: ${JSON.stringify(list.name)} id: ${JSON.stringify(containerId)}`;
  for (const ip of result.ips) {
    const [addr = ''] = ip.address.split('/');
    if (addr === '' || addr.includes(':')) continue;
    for (const src of [addr, ip.address]) {
      await runTool('iptables', ['-w', '-t', 'nat', '-D', 'POSTROUTING', '-s', src, '-j', chain, '-m', 'comment', '--comment', comment], 30_000).catch(() => undefined);
    }
  }
  await runTool('iptables', ['-w', '-t', 'nat', '-F', chain], 30_000).catch(() => undefined);
  await runTool('iptables', ['-w', '-t', 'nat', '-X', chain], 30_000).catch(() => undefined);
}

const ISOLATION_COMMENT = 'CNI firewall plugin rules (ingressPolicy: same-bridge)';

/**
 * What stays on the host after a bridge network's last container is gone: the bridge interface and the firewall
 * plugin's per-bridge isolation rules (the plugin never removes them, other containers may use the bridge).
 * Called by `network rm`/`prune`; missing pieces are ignored.
 */
export async function removeBridgeLeftovers(bridge: string): Promise<void> {
  await runTool('iptables', ['-w', '-D', 'CNI-ISOLATION-STAGE-1', '-i', bridge, '!', '-o', bridge, '-m', 'comment', '--comment', ISOLATION_COMMENT, '-j', 'CNI-ISOLATION-STAGE-2'], 30_000).catch(() => undefined);
  await runTool('iptables', ['-w', '-D', 'CNI-ISOLATION-STAGE-2', '-o', bridge, '-m', 'comment', '--comment', ISOLATION_COMMENT, '-j', 'DROP'], 30_000).catch(() => undefined);
  await runTool('ip', ['link', 'del', bridge], 30_000).catch(() => undefined);
}
