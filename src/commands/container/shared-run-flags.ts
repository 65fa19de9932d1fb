/** The flags `run` and `create` share (declarations only), and their parsed shape. */
import type { FlagSpec } from '../../cli/define';
import type { NetworkFlags } from '../../cli/opts/network';

export interface RunFlags extends NetworkFlags {
  /** Hidden spellings --net / --net-alias (merged into network / networkAlias). */
  net?: string[];
  netAlias?: string[];
  name?: string;
  env?: string[];
  envFile?: string[];
  label?: string[];
  labelFile?: string[];
  workdir?: string;
  user?: string;
  groupAdd?: string[];
  entrypoint?: string;
  hostname?: string;
  pull?: string;
  readOnly?: boolean;
  privileged?: boolean;
  capAdd?: string[];
  capDrop?: string[];
  memory?: string;
  memorySwap?: string;
  memoryReservation?: string;
  memorySwappiness?: string;
  oomKillDisable?: boolean;
  cpus?: string;
  cpuShares?: string;
  cpuPeriod?: string;
  cpuQuota?: string;
  cpusetCpus?: string;
  cpusetMems?: string;
  blkioWeight?: string;
  device?: string[];
  logDriver?: string;
  logOpt?: string[];
  cidfile?: string;
  pidsLimit?: string;
  init?: boolean;
  stopSignal?: string;
  stopTimeout?: string;
  tty?: boolean;
  interactive?: boolean;
  rm?: boolean;
  securityOpt?: string[];
  ulimit?: string[];
  sysctl?: string[];
  tmpfs?: string[];
  shmSize?: string;
  platform?: string;
  restart?: string;
  healthCmd?: string;
  healthInterval?: string;
  healthTimeout?: string;
  healthStartPeriod?: string;
  healthStartInterval?: string;
  healthRetries?: string;
  /** --no-healthcheck (commander's negation) */
  healthcheck?: boolean;
  volume?: string[];
  mount?: string[];
  volumesFrom?: string[];
  volumeDriver?: string;
  pid?: string;
  ipc?: string;
  /** Not flags: compose's argv forms of `entrypoint` (`['']` resets it) and `healthcheck.test` (CMD / CMD-SHELL / NONE). */
  entrypointArgs?: string[];
  healthTest?: string[];
  /** Not a flag: compose's recreate hands the old container's anonymous volumes (name, destination) over. */
  inheritVolumes?: { name: string; destination: string }[];
}

const r = (flags: string, description: string): FlagSpec => ({ flags, description, repeatable: true });

/** Flags of the commands that attach to a container (run, start, attach). */
export interface AttachFlags {
  detachKeys?: string;
  /** --sig-proxy / --sig-proxy=false (commander: --no-sig-proxy). */
  sigProxy?: boolean;
}

export const ATTACH_FLAGS: FlagSpec[] = [
  { flags: '--detach-keys <string>', description: 'Override the key sequence for detaching a container' },
  { flags: '--sig-proxy', description: 'Proxy received signals to the process (default true)' },
  { flags: '--no-sig-proxy', description: 'Do not proxy received signals to the process' },
];

export const RUN_FLAGS: FlagSpec[] = [
  { flags: '--name <string>', description: 'Assign a name to the container' },
  r('-e, --env <list>', 'Set environment variables'),
  r('--env-file <list>', 'Read in a file of environment variables'),
  r('-l, --label <list>', 'Set meta data on a container'),
  r('--label-file <list>', 'Read in a line delimited file of labels'),
  { flags: '-w, --workdir <string>', description: 'Working directory inside the container' },
  { flags: '-u, --user <string>', description: 'Username or UID (format: <name|uid>[:<group|gid>])' },
  r('--group-add <list>', 'Add additional groups to join'),
  { flags: '--entrypoint <string>', description: 'Overwrite the default ENTRYPOINT of the image' },
  { flags: '-h, --hostname <string>', description: 'Container host name' },
  { flags: '--domainname <string>', description: 'Container NIS domain name' },
  r('--network <network>', 'Connect a container to a network'),
  { flags: '--net <network>', description: 'Connect a container to a network', repeatable: true, hidden: true },
  r('--network-alias <list>', 'Add network-scoped alias for the container'),
  { flags: '--net-alias <list>', description: 'Add network-scoped alias for the container', repeatable: true, hidden: true },
  { flags: '--ip <string>', description: 'IPv4 address (e.g., 172.30.100.104)' },
  { flags: '--mac-address <string>', description: 'Container MAC address (e.g., 92:d0:c6:0a:29:33)' },
  r('--dns <list>', 'Set custom DNS servers'),
  r('--dns-search <list>', 'Set custom DNS search domains'),
  r('--dns-option <list>', 'Set DNS options'),
  { flags: '--dns-opt <list>', description: 'Set DNS options', repeatable: true, hidden: true },
  r('--add-host <list>', 'Add a custom host-to-IP mapping (host:ip)'),
  r('-p, --publish <list>', "Publish a container's port(s) to the host"),
  { flags: '-P, --publish-all', description: 'Publish all exposed ports to random ports' },
  r('--expose <list>', 'Expose a port or a range of ports'),
  { flags: '--pull <string>', description: 'Pull image before running ("always", "missing", "never")', default: 'missing' },
  { flags: '--read-only', description: "Mount the container's root filesystem as read only" },
  { flags: '--privileged', description: 'Give extended privileges to this container' },
  r('--cap-add <list>', 'Add Linux capabilities'),
  r('--cap-drop <list>', 'Drop Linux capabilities'),
  { flags: '-m, --memory <bytes>', description: 'Memory limit' },
  { flags: '--memory-swap <bytes>', description: "Swap limit equal to memory plus swap: '-1' to enable unlimited swap" },
  { flags: '--memory-reservation <bytes>', description: 'Memory soft limit' },
  { flags: '--memory-swappiness <int>', description: 'Tune container memory swappiness (0 to 100) (default -1)' },
  { flags: '--oom-kill-disable', description: 'Disable OOM Killer' },
  { flags: '--cpus <decimal>', description: 'Number of CPUs' },
  { flags: '-c, --cpu-shares <int>', description: 'CPU shares (relative weight)' },
  { flags: '--cpu-period <int>', description: 'Limit CPU CFS (Completely Fair Scheduler) period' },
  { flags: '--cpu-quota <int>', description: 'Limit CPU CFS (Completely Fair Scheduler) quota' },
  { flags: '--cpuset-cpus <string>', description: 'CPUs in which to allow execution (0-3, 0,1)' },
  { flags: '--cpuset-mems <string>', description: 'MEMs in which to allow execution (0-3, 0,1)' },
  { flags: '--blkio-weight <uint16>', description: 'Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)' },
  r('--device <list>', 'Add a host device to the container'),
  { flags: '--log-driver <string>', description: 'Logging driver for the container' },
  r('--log-opt <list>', 'Log driver options'),
  { flags: '--cidfile <string>', description: 'Write the container ID to the file' },
  { flags: '--pids-limit <int>', description: 'Tune container pids limit (set -1 for unlimited)' },
  { flags: '--pid <string>', description: 'PID namespace to use' },
  { flags: '--ipc <string>', description: 'IPC mode to use' },
  { flags: '--init', description: 'Run an init inside the container that forwards signals and reaps processes' },
  { flags: '--stop-signal <string>', description: 'Signal to stop the container' },
  { flags: '--stop-timeout <int>', description: 'Timeout (in seconds) to stop a container' },
  { flags: '-t, --tty', description: 'Allocate a pseudo-TTY' },
  { flags: '-i, --interactive', description: 'Keep STDIN open even if not attached' },
  { flags: '--rm', description: 'Automatically remove the container and its associated anonymous volumes when it exits' },
  r('--security-opt <list>', 'Security Options'),
  r('--ulimit <ulimit>', 'Ulimit options'),
  r('--sysctl <map>', 'Sysctl options'),
  r('--tmpfs <list>', 'Mount a tmpfs directory'),
  { flags: '--shm-size <bytes>', description: 'Size of /dev/shm' },
  { flags: '--platform <string>', description: 'Set platform if server is multi-platform capable' },
  { flags: '--restart <string>', description: 'Restart policy to apply when a container exits', default: 'no' },
  { flags: '--health-cmd <string>', description: 'Command to run to check health' },
  { flags: '--health-interval <duration>', description: 'Time between running the check (ms|s|m|h) (default 0s)' },
  { flags: '--health-timeout <duration>', description: 'Maximum time to allow one check to run (ms|s|m|h) (default 0s)' },
  { flags: '--health-start-period <duration>', description: 'Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)' },
  { flags: '--health-start-interval <duration>', description: 'Time between running the check during the start period (ms|s|m|h) (default 0s)' },
  { flags: '--health-retries <int>', description: 'Consecutive failures needed to report unhealthy' },
  { flags: '--no-healthcheck', description: 'Disable any container-specified HEALTHCHECK' },
  r('-v, --volume <list>', 'Bind mount a volume'),
  r('--mount <mount>', 'Attach a filesystem mount to the container'),
  r('--volumes-from <list>', 'Mount volumes from the specified container(s)'),
  { flags: '--volume-driver <string>', description: 'Optional volume driver for the container' },
];
