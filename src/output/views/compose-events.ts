/** Compose's progress events, as Docker Compose v2 prints them in plain mode: ` Container demo-web-1  Started`. */
export type ComposeResource = 'Container' | 'Network' | 'Volume' | 'Image' | 'Service';

export function composeEvent(kind: ComposeResource, name: string, status: string): string {
  return ` ${kind} ${name}  ${status}\n`;
}

/**
 * A progress event whose ID is not a resource (pull/push: the service name, a layer): Compose's plain writer
 * prints `fmt.Fprintln(out, "", ID, Text, StatusText)`, so ` web Pulling ` keeps its trailing space.
 */
export function composeProgress(id: string, text: string, statusText = ''): string {
  return ` ${id} ${text} ${statusText}\n`;
}

/** The `service-1  | ` prefix of attached `up` and `compose logs`, padded to the widest name. */
export function logPrefix(name: string, width: number): string {
  return `${name.padEnd(width)}  | `;
}

/** Compose's rotation of prefix colours (ANSI 30+n, bright ones after the first six). */
const COLOURS = ['36', '33', '32', '35', '34', '31', '36;1', '33;1', '32;1', '35;1', '34;1', '31;1'];

export function colourPrefix(prefix: string, index: number): string {
  return `\u001b[${COLOURS[index % COLOURS.length]}m${prefix}\u001b[0m`;
}
