/**
 * What a running command gets: its streams, the resolved settings, a cancellation signal, and adapters
 * created lazily (the containerd client and gRPC are loaded only by commands that talk to containerd).
 */
import type { ContainerdClient } from '../containerd/client';
import type { Settings } from '../config/settings';
import type { ExitContext } from '../errors/exit-code';
import type { IO } from '../output/io';

export interface CliContext {
  io: IO;
  settings: Settings;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  /** e.g. "tsctl namespace rm", for messages. */
  commandPath: string;
  /** How errors of this command map to exit codes; commands like run/create set escalate125. */
  exit: ExitContext;
  /**
   * Docker's --sig-proxy: while set, SIGINT/SIGTERM/SIGHUP received by tsctl are handed to this (which signals
   * the container) instead of cancelling the command.
   */
  signals: { forward?: (signal: number) => void };
  /** The containerd client for settings.address / settings.namespace, connected on first use. */
  containerd(): Promise<ContainerdClient>;
  /** Closes whatever was opened. */
  close(): void;
}

export function createContext(base: Omit<CliContext, 'containerd' | 'close' | 'exit' | 'signals'>, signals: CliContext['signals'] = {}): CliContext {
  let client: ContainerdClient | undefined;
  return {
    ...base,
    exit: {},
    signals,
    async containerd() {
      if (!client) {
        const { ContainerdClient } = await import('../containerd/client');
        client = new ContainerdClient({ address: base.settings.address, namespace: base.settings.namespace });
      }
      return client;
    },
    close() {
      client?.close();
    },
  };
}
