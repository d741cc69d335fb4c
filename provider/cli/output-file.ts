// Writing what adopt produced without ever losing someone's work: a file is replaced only when
// adopt wrote it before (its first line says so) or --force is given, and the new text goes
// to a temporary file first, so an interrupted run leaves the old file whole.

import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { UsageError } from "./usage-error";

/**
 * Refuses, before anything is read from the API, to replace a file adopt did not write.
 * @param marker how a file adopt wrote begins
 * @param flag the flag that named the file, for the message
 */
export async function assertReplaceable(
  file: string,
  marker: string,
  flag: string,
  force: boolean,
): Promise<void> {
  if (force) return;
  const existing = await readStart(file, Buffer.byteLength(marker));
  if (existing !== undefined && existing !== marker) {
    throw new UsageError(
      `${flag} ${file}: the file exists and was not written by pulumi-99digital adopt; ` +
        "choose another file, or add --force to replace it",
    );
  }
}

/**
 * Writes `text` to a new temporary file beside `file`, then renames it over `file`. The
 * temporary name is random and the file is created exclusively (a name that exists, a symlink
 * included, fails rather than being followed), so nobody who can write to the directory can
 * plant a link in advance that redirects the write. Readable by its owner only: it lists customers.
 */
export async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(8).toString("hex")}.tmp`,
  );
  let created = false;
  try {
    const handle = await fs.open(temporary, "wx", 0o600);
    created = true;
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, file);
  } catch (err) {
    // Only what this call created: never a file someone else put under that name.
    if (created) await fs.rm(temporary, { force: true });
    throw err;
  }
}

async function readStart(file: string, bytes: number): Promise<string | undefined> {
  let handle;
  try {
    handle = await fs.open(file, "r");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    throw new UsageError(`cannot read ${file}: ${code ?? (err as Error).message}`);
  }
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead).toString("utf8");
  } finally {
    await handle.close();
  }
}
