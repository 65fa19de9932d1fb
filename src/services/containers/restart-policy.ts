/**
 * Docker's restart-policy decisions (moby restartmanager), pure: whether a container whose task exited restarts,
 * and after which delay (100 ms doubling per restart, back to 100 ms after a run of 10 s or more, at most 1 min).
 */
export interface PolicyInput {
  /** `no`, `always`, `unless-stopped`, `on-failure`, `on-failure:N` (the label value). */
  policy: string;
  exitCode: number;
  /** Restarts so far. */
  restartCount: number;
  explicitlyStopped: boolean;
}

export function parsePolicyLabel(value: string | undefined): { name: string; maxRetries: number } {
  if (!value) return { name: 'no', maxRetries: 0 };
  const [name = 'no', n] = value.split(':');
  return { name, maxRetries: n === undefined ? 0 : Number(n) || 0 };
}

export function shouldRestart(i: PolicyInput): boolean {
  if (i.explicitlyStopped) return false;
  const p = parsePolicyLabel(i.policy);
  switch (p.name) {
    case 'always':
    case 'unless-stopped':
      return true;
    case 'on-failure':
      return i.exitCode !== 0 && (p.maxRetries === 0 || i.restartCount < p.maxRetries);
    default:
      return false;
  }
}

const FIRST_MS = 100;
const MAX_MS = 60_000;
const RESET_AFTER_MS = 10_000;

/** Delay before restart number `restartCount + 1`, given how long the task ran. */
export function restartDelayMs(restartCount: number, ranMs: number): number {
  if (ranMs >= RESET_AFTER_MS) return FIRST_MS;
  return Math.min(FIRST_MS * 2 ** Math.min(restartCount, 20), MAX_MS);
}

/** containerd's restart monitor only knows "keep running": used as the safety net for these policies. */
export function monitorKeepsRunning(policy: string | undefined): boolean {
  const name = parsePolicyLabel(policy).name;
  return name === 'always' || name === 'unless-stopped';
}
