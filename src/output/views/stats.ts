/**
 * `stats` rows and frames (docker/cli cli/command/container/formatter_stats.go): the default table, the display
 * strings of every field (`.Container .Name .ID .CPUPerc .MemUsage .MemPerc .NetIO .BlockIO .PIDs`, also the keys
 * of `--format json`), and the streaming frame that redraws the table in place on a terminal.
 */
import type { StatsEntry } from '../../services/containers/stats';
import { truncateID } from '../../compat/display';
import { sprintf } from '../gotemplate/index';
import { parseFormat } from '../format';
import { renderRows } from '../render';
import { humanSize } from './image';
import { bytesSize } from './info';

export const STATS_TABLE = 'table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}';
const HEADERS = {
  Container: 'CONTAINER', Name: 'NAME', ID: 'CONTAINER ID', CPUPerc: 'CPU %', MemUsage: 'MEM USAGE / LIMIT', MemPerc: 'MEM %',
  NetIO: 'NET I/O', BlockIO: 'BLOCK I/O', PIDs: 'PIDS',
};

export interface StatsRow {
  Container: string;
  Name: string;
  ID: string;
  CPUPerc: string;
  MemUsage: string;
  MemPerc: string;
  NetIO: string;
  BlockIO: string;
  PIDs: string;
}

const percent = (v: number): string => `${sprintf('%.2f', [v])}%`;
const pair = (a: number, b: number): string => `${humanSize(a)} / ${humanSize(b)}`;

export function statsRow(e: StatsEntry, trunc: boolean): StatsRow {
  const bad = e.IsInvalid;
  return {
    Container: e.Container,
    Name: e.Name === '' ? '--' : e.Name,
    ID: trunc ? truncateID(e.ID) : e.ID,
    CPUPerc: bad ? '--' : percent(e.CPUPercentage),
    MemUsage: bad ? '-- / --' : `${bytesSize(e.Memory)} / ${bytesSize(e.MemoryLimit)}`,
    MemPerc: bad ? '--' : percent(e.MemoryPercentage),
    NetIO: bad ? '--' : pair(e.NetworkRx, e.NetworkTx),
    BlockIO: bad ? '--' : pair(e.BlockRead, e.BlockWrite),
    PIDs: bad ? '--' : String(e.PidsCurrent),
  };
}

export function renderStats(entries: readonly StatsEntry[], opts: { format?: string; noTrunc?: boolean }): string {
  return renderRows(entries.map((e) => statsRow(e, !opts.noTrunc)), parseFormat(opts.format, STATS_TABLE), { headers: HEADERS });
}

const HOME = '\x1b[H';
const CLEAR_SCREEN = '\x1b[2J';
const ERASE_LINE = '\x1b[K';
const ERASE_BELOW = '\x1b[J';

/**
 * One streamed frame. On a terminal: the cursor goes home (the screen is cleared before the first frame), each
 * line ends by erasing what an earlier, longer line left, and what is below the table is erased. Elsewhere the
 * tables simply follow each other.
 */
export function statsFrame(text: string, tty: boolean, first: boolean): string {
  if (!tty) return text;
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  const body = text === '' ? '' : lines.map((l) => `${l}${ERASE_LINE}\n`).join('');
  return `${first ? CLEAR_SCREEN : ''}${HOME}${body}${ERASE_BELOW}`;
}
