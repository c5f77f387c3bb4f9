/**
 * Reading a fleet file: a bounded read, so a wrong path (a log, a disk image, /dev/zero)
 * fails at once with one line instead of filling memory, and read errors as one line
 * naming the file. Pure module: no CDKTF import.
 */
import * as fs from 'fs';
import { FleetFileMessages, FleetFileError, fileProblem } from './fleet-errors';

/**
 * The largest fleet file read: 4 MiB, about 100,000 lines. The largest fleets we know
 * of (hundreds of control planes, a few pools each, settings shared through anchors)
 * take a few hundred KiB, so this leaves over ten times that, while parsing and
 * checking a file at the cap stays within seconds and a few hundred MB. It also bounds
 * what aliases may expand to (see fleet-yaml.ts).
 */
export const MAX_FLEET_FILE_BYTES = 4 * 1024 * 1024;

/** The text of `file`; throws a FleetFileError of one line when it cannot be read or is too large. */
export function readFleetFile(file: string): string {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    throw new FleetFileError([fileProblem(file, readFailure(e))]);
  }
  try {
    // One byte over the cap tells a file at the cap from a larger one, FIFOs included.
    const buffer = Buffer.allocUnsafe(MAX_FLEET_FILE_BYTES + 1);
    let length = 0;
    for (;;) {
      const read = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > MAX_FLEET_FILE_BYTES) {
        throw new FleetFileError([
          fileProblem(file, FleetFileMessages.tooLarge(MAX_FLEET_FILE_BYTES)),
        ]);
      }
    }
    return buffer.toString('utf8', 0, length);
  } catch (e) {
    if (e instanceof FleetFileError) throw e;
    throw new FleetFileError([fileProblem(file, readFailure(e))]);
  } finally {
    fs.closeSync(fd);
  }
}

/** Throws the one-line FleetFileError of a text above MAX_FLEET_FILE_BYTES. */
export function checkFleetTextSize(text: string, file: string): void {
  // A UTF-16 code unit is at least one UTF-8 byte: the length alone settles most texts.
  if (text.length > MAX_FLEET_FILE_BYTES || Buffer.byteLength(text) > MAX_FLEET_FILE_BYTES) {
    throw new FleetFileError([fileProblem(file, FleetFileMessages.tooLarge(MAX_FLEET_FILE_BYTES))]);
  }
}

function readFailure(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return FleetFileMessages.noSuchFile();
    case 'EISDIR':
      return FleetFileMessages.isDirectory();
    case 'EACCES':
    case 'EPERM':
      return FleetFileMessages.unreadable('permission denied');
    default:
      return FleetFileMessages.unreadable((error as Error).message);
  }
}
