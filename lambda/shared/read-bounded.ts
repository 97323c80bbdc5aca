import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/**
 * A regular file's text, read in chunks up to `max` bytes; undefined when there is more. By hand rather
 * than readFileSync, which reads a device or pipe until it ends (`/dev/zero` hung the command). Throws
 * Node's errno errors (ENOENT, EACCES, EISDIR), and one with code ENOTREG for a pipe or a device.
 */
export function readRegularFile(path: string, max: number): string | undefined {
  // O_NONBLOCK: opening a named pipe would otherwise wait for a writer, forever; anything but a regular
  // file is refused before a byte is read.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw Object.assign(new Error('it is a directory'), { code: 'EISDIR' });
    if (!stat.isFile()) throw Object.assign(new Error('it is not a regular file'), { code: 'ENOTREG' });
    const buffer = Buffer.alloc(max + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > max) return undefined;
    }
    return buffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}
