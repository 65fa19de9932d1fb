/**
 * Container name reservations: one file per name under <state>/names/<namespace>/, link(2)ed into place so two
 * concurrent `run --name x` cannot both win (a temp file holding the ID, so it is never seen empty); the file holds the
 * container ID. Released when the container goes.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConflictError, InvalidArgumentError } from '../errors/index';

export class NameStore {
  constructor(private readonly dir: string) {}

  private file(name: string): string {
    return `${this.dir}/${name}`;
  }

  /** Reserves `name` for `id`; throws Docker's conflict error when another container holds it. */
  async reserve(name: string, id: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    // The ID is written to a private file first and linked into place (link(2) fails with EEXIST atomically), so
    // a reservation is never seen empty by a concurrent loser reading who holds it.
    const tmp = join(this.dir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    await writeFile(tmp, id, { mode: 0o644 });
    try {
      await link(tmp, this.file(name));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = (await readFile(this.file(name), 'utf8').catch(() => '')).trim();
      throw new ConflictError(
        `Conflict. The container name "/${name}" is already in use by container "${holder}". You have to remove (or rename) that container to be able to reuse that name.`,
      );
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }

  /** Releases `name` if `id` holds it. */
  async release(name: string, id: string): Promise<void> {
    const holder = (await readFile(this.file(name), 'utf8').catch(() => '')).trim();
    if (holder === id) await unlink(this.file(name)).catch(() => undefined);
  }

  async holder(name: string): Promise<string | undefined> {
    const h = (await readFile(this.file(name), 'utf8').catch(() => '')).trim();
    return h === '' ? undefined : h;
  }
}

const LEFT = ['admiring', 'adoring', 'affectionate', 'agitated', 'amazing', 'angry', 'awesome', 'beautiful', 'blissful', 'bold', 'boring', 'brave', 'busy', 'charming', 'clever', 'compassionate', 'competent', 'condescending', 'confident', 'cool', 'cranky', 'crazy', 'dazzling', 'determined', 'distracted', 'dreamy', 'eager', 'ecstatic', 'elastic', 'elated', 'elegant', 'eloquent', 'epic', 'exciting', 'fervent', 'festive', 'flamboyant', 'focused', 'friendly', 'frosty', 'funny', 'gallant', 'gifted', 'goofy', 'gracious', 'great', 'happy', 'hardcore', 'heuristic', 'hopeful', 'hungry', 'infallible', 'inspiring', 'intelligent', 'interesting', 'jolly', 'jovial', 'keen', 'kind', 'laughing', 'loving', 'lucid', 'magical', 'modest', 'musing', 'mystifying', 'naughty', 'nervous', 'nice', 'nifty', 'nostalgic', 'objective', 'optimistic', 'peaceful', 'pedantic', 'pensive', 'practical', 'priceless', 'quirky', 'quizzical', 'recursing', 'relaxed', 'reverent', 'romantic', 'sad', 'serene', 'sharp', 'silly', 'sleepy', 'stoic', 'strange', 'stupefied', 'suspicious', 'sweet', 'tender', 'thirsty', 'trusting', 'unruffled', 'upbeat', 'vibrant', 'vigilant', 'vigorous', 'wizardly', 'wonderful', 'xenodochial', 'youthful', 'zealous', 'zen'];
const RIGHT = ['agnesi', 'albattani', 'allen', 'almeida', 'archimedes', 'ardinghelli', 'babbage', 'banach', 'bardeen', 'bartik', 'bell', 'benz', 'bhabha', 'blackburn', 'bohr', 'booth', 'borg', 'bose', 'brahmagupta', 'brattain', 'brown', 'carson', 'cerf', 'chandrasekhar', 'colden', 'cori', 'cray', 'curie', 'darwin', 'davinci', 'diffie', 'dijkstra', 'dubinsky', 'easley', 'einstein', 'elion', 'engelbart', 'euclid', 'euler', 'fermat', 'fermi', 'feynman', 'franklin', 'galileo', 'gauss', 'goldberg', 'goodall', 'hamilton', 'hawking', 'heisenberg', 'hermann', 'hodgkin', 'hoover', 'hopper', 'hypatia', 'jackson', 'jang', 'jennings', 'jepsen', 'johnson', 'joliot', 'jones', 'kalam', 'keller', 'kepler', 'khorana', 'kilby', 'knuth', 'lalande', 'lamport', 'leakey', 'lederberg', 'lehmann', 'lewin', 'liskov', 'lovelace', 'lumiere', 'mahavira', 'mayer', 'mccarthy', 'mcclintock', 'meitner', 'mendel', 'merkle', 'mirzakhani', 'montalcini', 'moore', 'morse', 'napier', 'nash', 'neumann', 'newton', 'nobel', 'noether', 'northcutt', 'noyce', 'pare', 'pascal', 'pasteur', 'payne', 'perlman', 'pike', 'poincare', 'ptolemy', 'raman', 'ramanujan', 'ride', 'ritchie', 'robinson', 'rosalind', 'sammet', 'shamir', 'shannon', 'shaw', 'shockley', 'sinoussi', 'snyder', 'spence', 'stonebraker', 'sutherland', 'swanson', 'tesla', 'thompson', 'torvalds', 'turing', 'varahamihira', 'visvesvaraya', 'volhard', 'wescoff', 'wiles', 'williams', 'wilson', 'wing', 'wozniak', 'wright', 'yalow', 'yonath'];

/** A Docker-style random name ("focused_turing"), as moby's namesgenerator. */
export function randomName(rand: () => number = Math.random): string {
  const pick = (list: string[]) => list[Math.floor(rand() * list.length)] ?? list[0];
  const name = `${pick(LEFT)}_${pick(RIGHT)}`;
  return name === 'boring_wozniak' ? randomName(rand) : name;
}

/** Docker's container name rule: [a-zA-Z0-9][a-zA-Z0-9_.-]+ (a leading "/" is dropped). */
export function validateName(name: string): string {
  const n = name.replace(/^\//, '');
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(n)) {
    throw new InvalidArgumentError(`Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
  }
  return n;
}
