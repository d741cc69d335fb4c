// /__simulator/*: lets tests in other processes (the Pulumi engine runs the
// provider out of process) inject faults and inspect state. It can rewrite
// the simulator's behaviour and wipe its data, so only scripts on this
// machine may use it: not other machines, and not web pages in a browser.
import type http from "node:http";
import net from "node:net";
import { parseJsonObject, sendJson } from "./http";
import type { SimAgent, Simulator } from "./types";

export const CONTROL_PREFIX = "/__simulator/";

/** 127.0.0.0/8, ::1 and their IPv4-mapped IPv6 forms. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.toLowerCase().startsWith("::ffff:") ? address.slice(7) : address;
  if (net.isIPv4(v4)) return v4.split(".")[0] === "127";
  if (!net.isIPv6(address)) return false;
  const groups = expandIPv6(address);
  if (groups === undefined || !groups.slice(0, 5).every((g) => g === 0)) return false;
  if (groups[5] === 0xffff) return groups[6] >> 8 === 127; // ::ffff:7f00:1 spelling
  return groups[5] === 0 && groups[6] === 0 && groups[7] === 1;
}

function expandIPv6(address: string): number[] | undefined {
  if (address.includes(".")) return undefined; // mapped IPv4 handled above
  const [head, tail] = address.split("::");
  const parse = (part: string | undefined): number[] =>
    part ? part.split(":").map((g) => parseInt(g, 16)) : [];
  const front = parse(head);
  const back = parse(tail);
  if (tail === undefined) return front.length === 8 ? front : undefined;
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/** The Host header's name part: `127.0.0.1:4010` → `127.0.0.1`, `[::1]:4010` → `::1`. */
function hostName(host: string): string {
  const bracketed = /^\[([^\]]*)\](?::\d*)?$/.exec(host);
  if (bracketed) return bracketed[1];
  return host.replace(/:\d*$/, "");
}

/**
 * A Host a page can only reach through DNS rebinding when it names something else: loopback, or
 * the very address the connection came in on (the API answers other machines when bound to one).
 */
function isOwnHost(host: string | undefined, localAddress: string | undefined): boolean {
  if (!host) return false;
  const name = hostName(host.trim()).toLowerCase().replace(/\.$/, "");
  const local = (localAddress ?? "").toLowerCase().replace(/^::ffff:(?=\d+\.)/, "");
  return name === "localhost" || isLoopback(name) || (local !== "" && name === local);
}

function isJson(contentType: string | undefined): boolean {
  return (contentType ?? "").split(";")[0].trim().toLowerCase() === "application/json";
}

/**
 * Why a request may not use the control route, or undefined when it may.
 * A browser sends Origin on every cross-origin request that can change
 * something, and on every same-origin POST, which a DNS-rebound page is; no
 * script on this machine needs to send one. A page can only send
 * `application/json` after a CORS preflight, which this route never grants,
 * so requiring it also stops forms and `navigator.sendBeacon`. GET only reads,
 * and a cross-origin page cannot read the answer; a rebound page could, but
 * its Host names the attacker's domain.
 */
export function refusal(req: http.IncomingMessage): string | undefined {
  if (!isLoopback(req.socket.remoteAddress)) {
    return "the control route answers loopback callers only";
  }
  return pageRefusal(req, "the control route");
}

/**
 * Why a request looks sent by a web page, or undefined: the part of `refusal` the API routes
 * share, since a page posting wrong credentials there gets 127.0.0.1 blocked (reason 3).
 * @param route what refuses, for the message
 */
export function pageRefusal(req: http.IncomingMessage, route: string): string | undefined {
  if (!isOwnHost(req.headers.host, req.socket.localAddress)) {
    return `${route} answers only requests addressed to 127.0.0.1, [::1], localhost or the address it listens on`;
  }
  if (req.headers.origin !== undefined) {
    return `${route} refuses requests with an Origin header: it is not for web pages`;
  }
  if (req.method !== "GET" && !isJson(req.headers["content-type"])) {
    return `${route} needs Content-Type: application/json on requests other than GET`;
  }
  return undefined;
}

/** Passwords never leave through a route whose answers may end up in CI logs. */
function redact(agents: SimAgent[]): Omit<SimAgent, "password">[] {
  return agents.map(({ password: _password, ...rest }) => rest);
}

export function handleControl(
  sim: Simulator,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  pathname: string,
  raw: Buffer,
): void {
  const refused = refusal(req);
  if (refused !== undefined) {
    sendJson(res, 403, { error: refused });
    return;
  }
  const route = `${req.method ?? ""} ${pathname.slice(CONTROL_PREFIX.length)}`;
  switch (route) {
    case "GET state":
      sendJson(res, 200, {
        accounts: sim.accounts(),
        agents: redact(sim.agents()),
        inboxes: sim.inboxes(),
        builders: sim.builders(),
        webhookUrl: sim.webhookUrl() ?? null,
        business: sim.business(),
        whatsappNumbers: sim.whatsappNumbers(),
        requests: sim.requestCount(),
        requestCounts: sim.requestCounts(),
      });
      return;
    case "POST faults": {
      const rule = parseJsonObject(raw, req.method);
      if (!rule) {
        sendJson(res, 400, { error: "body must be a JSON fault rule" });
        return;
      }
      try {
        sim.injectFault(rule as unknown as Parameters<Simulator["injectFault"]>[0]);
      } catch (err) {
        sendJson(res, 400, { error: (err as Error).message });
        return;
      }
      sendJson(res, 200, { ok: true });
      return;
    }
    case "DELETE faults":
      sim.clearFaults();
      sendJson(res, 200, { ok: true });
      return;
    case "POST reset":
      sim.reset();
      sendJson(res, 200, { ok: true });
      return;
    case "POST expire-tokens":
      sim.expireTokens();
      sendJson(res, 200, { ok: true });
      return;
    default:
      sendJson(res, 404, {
        error:
          "control routes: GET state, POST faults, DELETE faults, POST reset, POST expire-tokens",
      });
  }
}
