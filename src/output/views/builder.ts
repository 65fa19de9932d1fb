/** `builder du` and `builder prune` layouts (docker buildx du / prune), from buildctl's JSON records. */
import { humanDuration } from '../../compat/status';
import { renderTabwriter } from '../table';
import { humanSize } from './image';

export interface CacheRecord {
  id: string;
  inUse?: boolean;
  shared?: boolean;
  size?: number;
  lastUsedAt?: string | null;
  description?: string;
}

/** buildctl prints a JSON array, or one JSON value a line: either way, the records. */
export function parseCacheRecords(text: string): CacheRecord[] {
  const t = text.trim();
  if (t === '' || t === 'null') return [];
  if (t.startsWith('[')) return (JSON.parse(t) as CacheRecord[] | null) ?? [];
  return t.split('\n').filter((l) => l.trim() !== '').flatMap((l) => {
    const v = JSON.parse(l) as CacheRecord | CacheRecord[] | null;
    return v === null ? [] : Array.isArray(v) ? v : [v];
  });
}

export function renderDiskUsage(records: readonly CacheRecord[], now: Date): string {
  let text = 'ID\tRECLAIMABLE\tSIZE\tLAST ACCESSED\n';
  let total = 0;
  let reclaimable = 0;
  for (const r of records) {
    const size = r.size ?? 0;
    total += size;
    if (r.inUse !== true) reclaimable += size;
    const last = r.lastUsedAt ? `${humanDuration(now.getTime() - Date.parse(r.lastUsedAt))} ago` : '';
    text += `${r.id}${r.shared === true ? '*' : ''}\t${r.inUse === true ? 'false' : 'true'}\t${humanSize(size)}\t${last}\n`;
  }
  const table = records.length > 0 ? renderTabwriter(text) : '';
  return `${table}${renderTabwriter(`Reclaimable:\t${humanSize(reclaimable)}\nTotal:\t${humanSize(total)}\n`)}`;
}

export function renderBuilderPrune(records: readonly CacheRecord[]): string {
  const total = records.reduce((n, r) => n + (r.size ?? 0), 0);
  const body = records.map((r) => `${r.id}\n`).join('');
  return `${body === '' ? '' : `Deleted build cache objects:\n${body}\n`}Total reclaimed space: ${humanSize(total)}\n`;
}
