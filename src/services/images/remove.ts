/**
 * `rmi` / `image rm`: Docker's rules for removing image names and images (moby daemon/images/image_delete.go),
 * on containerd records. By name: that name is untagged (with the repository's digest names when it was its last
 * tag); the image goes when no name is left. By ID or ID prefix: every name, then the image. Containers block it:
 * a running one always, a stopped one unless forced, several repositories unless forced. The last record of an
 * image is deleted with a synchronous garbage collection, so `Deleted:` is true when printed.
 */
import type { ContainerRecord, ContainersPort, ImageRecord, ImagesPort, TasksPort } from '../../containerd/ports';
import { ConflictError, toTsctlError, type TsctlError } from '../../errors/index';
import { truncateID } from '../../compat/display';
import type { FindDeps } from './find';
import { containersByImage, dockerName, familiarRecordName, loadCatalog, lookupImages } from './inspect';

export interface RemoveDeps extends FindDeps {
  images: ImagesPort;
  containers: ContainersPort;
  tasks: TasksPort;
}

export type DeleteLine = { untagged: string } | { deleted: string };

/** moby's isSingleReference: all names in one repository, at most one of them a tag. */
export function isSingleReference(records: readonly ImageRecord[]): boolean {
  if (records.length <= 1) return records.length === 1;
  let single: string | undefined;
  const canonical = new Set<string>();
  for (const r of records) {
    const n = dockerName(r);
    const repo = n?.repo ?? r.name;
    if (n?.digest !== undefined) canonical.add(repo);
    else if (single === undefined) single = repo;
    else return false;
  }
  single ??= dockerName(records[0] as ImageRecord)?.repo;
  return canonical.size === 1 && single !== undefined && canonical.has(single);
}

/** moby's isImageIDPrefix: `sha256:abc…`, `abc…` against the image ID. */
export function isImageIDPrefix(id: string, input: string): boolean {
  return id.startsWith(input) || id.slice(id.indexOf(':') + 1).startsWith(input);
}

const conflict = (msg: string): ConflictError => new ConflictError(`Error response from daemon: conflict: ${msg}`);

/** The names removing `record` takes with it: the repository's digest names when it was that repository's last tag. */
export function namesToUntag(record: ImageRecord, all: readonly ImageRecord[]): ImageRecord[] {
  const n = dockerName(record);
  const others = all.filter((r) => r.name !== record.name);
  if (n?.tag === undefined || n.digest !== undefined) return [record];
  const sameRepo = others.map((r) => ({ r, o: dockerName(r) })).filter(({ o }) => o?.repo === n.repo);
  if (sameRepo.some(({ o }) => o?.tag !== undefined && o.digest === undefined)) return [record];
  return [record, ...sameRepo.filter(({ o }) => o?.digest !== undefined).map(({ r }) => r)];
}

async function deleteRecords(images: ImagesPort, records: readonly ImageRecord[], lastOfImage: boolean): Promise<DeleteLine[]> {
  const lines: DeleteLine[] = [];
  for (const [i, r] of records.entries()) {
    await images.delete(r.name, lastOfImage && i === records.length - 1);
    lines.push({ untagged: familiarRecordName(r) });
  }
  return lines;
}

async function removeOne(deps: RemoveDeps, input: string, force: boolean): Promise<DeleteLine[]> {
  const found = await lookupImages(deps, input);
  const id = found[0]?.id ?? '';
  const [catalog, tasks] = await Promise.all([loadCatalog(deps), deps.tasks.list()]);
  const all = catalog.find((c) => c.id === id)?.records ?? found.map((f) => f.record);
  const users: ContainerRecord[] = (await containersByImage(deps.containers, catalog)).get(id) ?? [];
  const isRunning = new Set(tasks.filter((t) => t.status === 'running' || t.status === 'paused' || t.status === 'pausing').map((t) => t.id));
  const running = users.find((c) => isRunning.has(c.id));
  const stopped = users.find((c) => !isRunning.has(c.id));
  const id12 = truncateID(id);

  if (!isImageIDPrefix(id, input)) {
    const record = found[0]?.record;
    if (!record) return [];
    const user = users[0];
    if (!force && user && isSingleReference(all)) {
      throw conflict(`unable to remove repository reference "${input}" (must force) - container ${truncateID(user.id)} is using its referenced image ${id12}`);
    }
    const untag = namesToUntag(record, all);
    const remaining = all.filter((r) => !untag.some((u) => u.name === r.name));
    if (remaining.length > 0) return deleteRecords(deps.images, untag, false);
    // NOTE: Docker keeps an image a running container uses as dangling (quietly); containerd has no record-less
    // image, so with -f it goes, as it would with only stopped containers.
    return [...(await deleteRecords(deps.images, untag, true)), { deleted: id }];
  }

  if (running) throw conflict(`unable to delete ${id12} (cannot be forced) - image is being used by running container ${truncateID(running.id)}`);
  if (!force && !isSingleReference(all)) throw conflict(`unable to delete ${id12} (must be forced) - image is referenced in multiple repositories`);
  if (!force && stopped) throw conflict(`unable to delete ${id12} (must be forced) - image is being used by stopped container ${truncateID(stopped.id)}`);
  return [...(await deleteRecords(deps.images, all, true)), { deleted: id }];
}

/** Removes each input in turn; the lines of each success go to `emit`, failures are returned in order. */
export async function removeImages(
  deps: RemoveDeps,
  inputs: readonly string[],
  opts: { force: boolean },
  emit: (lines: DeleteLine[]) => void,
): Promise<TsctlError[]> {
  const errors: TsctlError[] = [];
  for (const input of inputs) {
    try {
      emit(await removeOne(deps, input, opts.force));
    } catch (e) {
      errors.push(toTsctlError(e));
    }
  }
  return errors;
}

