// Reading requests and writing the kinds of answers the simulator gives,
// well-formed and deliberately broken.
import type http from "node:http";

/** Bodies are small JSON documents; anything bigger is a client bug or abuse. */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLarge extends Error {}

/** Rejects when the client goes away mid-body or sends more than MAX_BODY_BYTES. */
export function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.pause();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
    req.on("aborted", () => reject(new Error("request aborted")));
  });
}

/**
 * A JSON object, or undefined when the body is not one (reason 2). GET may
 * come without a body at all: clients differ in whether they send `{}`.
 */
export function parseJsonObject(
  raw: Buffer,
  method: string | undefined,
): Record<string, unknown> | undefined {
  const text = raw.toString("utf8");
  if (text.trim() === "" && method === "GET") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  return parsed as Record<string, unknown>;
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: http.OutgoingHttpHeaders = {},
): void {
  send(res, status, "application/json; charset=utf-8", JSON.stringify(body), headers);
}

export function sendHtml(res: http.ServerResponse, status: number): void {
  send(res, status, "text/html; charset=utf-8", htmlErrorPage(status));
}

export function send(
  res: http.ServerResponse,
  status: number,
  contentType: string | undefined,
  text: string,
  headers: http.OutgoingHttpHeaders = {},
): void {
  const payload = Buffer.from(text, "utf8");
  res.writeHead(status, {
    ...(contentType ? { "content-type": contentType } : {}),
    "content-length": payload.length,
    ...headers,
  });
  res.end(payload);
}

/** Announces the whole JSON, sends half, then closes: what a dying upstream looks like. */
export function sendTruncatedJson(res: http.ServerResponse, body: unknown): void {
  const payload = Buffer.from(JSON.stringify(body), "utf8");
  res.writeHead(200, {
    "content-type": "application/json; charset=utf-8",
    "content-length": payload.length,
  });
  res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => res.socket?.destroy());
}

/** Looks like the success envelope to a person, but is not JSON. */
export const MALFORMED_BODY = "{status: OK, reason: 1, <truncated by upstream>";

const STATUS_TEXT: Record<number, string> = {
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** The page a reverse proxy in front of the API shows, not the API's envelope. */
export function htmlErrorPage(status: number): string {
  const title = `${status} ${STATUS_TEXT[status] ?? "Error"}`;
  return (
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n` +
    `<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
  );
}
