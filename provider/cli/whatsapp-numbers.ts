// The --whatsapp-numbers file: which number each inbox holds. getInboxes lists an inbox's id
// and name but not its number, and a WhatsAppInbox declares its number, so the partner says it.
// Read and checked before any request, like every other flag.

import { promises as fs } from "node:fs";
import { UsageError } from "./usage-error";

const INBOX_ID = /^[a-z0-9-]{1,50}\/[0-9]{1,7}\/[0-9]{1,20}$/;
/** International digits without "+", as createInbox takes them. */
const NUMBER = /^[1-9][0-9]{6,19}$/;

/** Inbox id (`<server>/<accountId>/<inboxId>`) to WhatsApp number. */
export type WhatsAppNumbers = ReadonlyMap<string, string>;

export async function readWhatsAppNumbers(file: string): Promise<WhatsAppNumbers> {
  const fail = (rule: string) => new UsageError(`--whatsapp-numbers ${file}: ${rule}`);
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (err) {
    throw fail((err as Error).message);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    throw fail(`it is not JSON (${(err as Error).message})`);
  }
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    throw fail('it must be a JSON object such as {"online/8/1000": "972501234567"}');
  }
  const numbers = new Map<string, string>();
  const holder = new Map<string, string>();
  for (const [id, number] of Object.entries(document)) {
    if (!INBOX_ID.test(id)) {
      throw fail(`${JSON.stringify(id)} is not an inbox id <server>/<accountId>/<inboxId>`);
    }
    if (typeof number !== "string" || !NUMBER.test(number)) {
      throw fail(
        `the number of ${id} must be international digits without "+" as a string, e.g. "972501234567"`,
      );
    }
    const other = holder.get(number);
    if (other !== undefined) {
      throw fail(`${number} is given for ${other} and ${id}: a number is in one inbox only`);
    }
    holder.set(number, id);
    numbers.set(id, number);
  }
  return numbers;
}
