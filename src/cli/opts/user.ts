/**
 * `-u/--user name|uid[:group|gid]` and `--group-add`: the spec's syntax (moby/sys/user's parseLine), and a pure
 * resolution against the image's /etc/passwd and /etc/group text with moby/sys/user's GetExecUser and
 * GetAdditionalGroups rules, assembled as dockerd's getUser does (gid first among the additional gids).
 */
import { daemonError, goAtoi } from './common';

export interface UserSpec {
  user: string;
  group: string | undefined;
}

/** `1000:1000` → {user: '1000', group: '1000'}; `app` → {user: 'app'}; fields after the second `:` are ignored. */
export function parseUserSpec(spec: string): UserSpec {
  const [user = '', group] = spec.split(':');
  return { user, group: group === undefined || group === '' ? undefined : group };
}

export interface PasswdEntry { name: string; uid: number; gid: number; home: string; shell: string }
export interface GroupEntry { name: string; gid: number; members: string[] }

/** Go's Atoi as parseLine uses it: 0 when the field is not a number. */
function intField(s: string | undefined): number {
  try {
    return goAtoi(s ?? '');
  } catch {
    return 0;
  }
}

/** /etc/passwd lines `name:x:uid:gid:gecos:home:shell` (blank lines skipped; non-numeric ids read as 0). */
export function parsePasswd(text: string): PasswdEntry[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '').map((l) => {
    const f = l.split(':');
    return { name: f[0] ?? '', uid: intField(f[2]), gid: intField(f[3]), home: f[5] ?? '', shell: f[6] ?? '' };
  });
}

/** /etc/group lines `name:x:gid:user1,user2` (blank and `#` lines skipped). */
export function parseGroup(text: string): GroupEntry[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')).map((l) => {
    const f = l.split(':');
    const list = f[3] ?? '';
    return { name: f[0] ?? '', gid: intField(f[2]), members: list === '' ? [] : list.split(',') };
  });
}

const MAX_ID = 2 ** 31 - 1;
const rangeError = () => daemonError(`uids and gids must be in range 0-${MAX_ID}`);

/** moby/sys/user parseNumeric: [id, isNumeric]; `uids and gids must be in range 0-2147483647` when out of range. */
function parseNumeric(v: string): [number, boolean] {
  if (v === '' || !/^[+-]?[0-9]+$/.test(v)) return [0, false];
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_ID) throw rangeError();
  return [n, true];
}

export interface ExecUser {
  uid: number;
  gid: number;
  /** The primary gid, then the user's supplementary groups (from /etc/group), then `--group-add`'s, as dockerd sets them. */
  additionalGids: number[];
  /** The passwd entry's home directory; undefined when the user is not in passwd. */
  home: string | undefined;
}

/**
 * Resolves `spec` (empty means root) against the image's /etc/passwd and /etc/group (undefined when the file is
 * missing). Errors, as dockerd reports them at start: `unable to find user x: no matching entries in passwd file`,
 * `unable to find group y: no matching entries in group file`, `uids and gids must be in range 0-2147483647`.
 * Numeric ids missing from the files are used as they are.
 */
export function resolveUser(spec: string, passwdText: string | undefined, groupText: string | undefined, groupAdd: readonly string[] = []): ExecUser {
  const { user: userArg, group } = parseUserSpec(spec);
  const groupArg = group ?? '';
  const [uidArg, isUid] = parseNumeric(userArg);
  const [gidArg, isGid] = parseNumeric(groupArg);
  const passwd = passwdText === undefined ? [] : parsePasswd(passwdText);
  const groups = groupText === undefined ? [] : parseGroup(groupText);
  let uid = 0;
  let gid = 0;
  let home: string | undefined;
  let sgids: number[] = [];
  const match = passwd.find((u) => (userArg === '' ? u.uid === 0 : isUid ? u.uid === uidArg : u.name === userArg));
  if (match) {
    ({ uid, gid, home } = match);
  } else if (userArg !== '') {
    if (!isUid) throw daemonError(`unable to find user ${userArg}: no matching entries in passwd file`);
    uid = uidArg;
  }
  const matchedName = match?.name ?? '';
  if (groupArg !== '' || matchedName !== '') {
    if (groupArg !== '') {
      const g = groups.find((x) => (isGid ? x.gid === gidArg : x.name === groupArg));
      if (g) gid = g.gid;
      else if (!isGid) throw daemonError(`unable to find group ${groupArg}: no matching entries in group file`);
      else gid = gidArg;
    } else {
      sgids = groups.filter((x) => x.members.includes(matchedName)).map((x) => x.gid);
    }
  }
  return { uid, gid, additionalGids: [gid, ...sgids, ...additionalGroups(groupAdd, groups)], home };
}

/** moby/sys/user GetAdditionalGroups for `--group-add`: names must exist in /etc/group, numbers need not; de-duplicated. */
export function additionalGroups(groupAdd: readonly string[], groups: readonly GroupEntry[]): number[] {
  const out = new Set<number>();
  for (const ag of groupAdd) {
    const [gid, numeric] = parseNumeric(ag);
    const g = groups.find((x) => (numeric ? x.gid === gid : x.name === ag));
    if (g) {
      if (g.gid < 0 || g.gid > MAX_ID) throw rangeError();
      out.add(g.gid);
    } else if (!numeric) throw daemonError(`unable to find group ${ag}: no matching entries in group file`);
    else out.add(gid);
  }
  return [...out];
}
