import { section } from './figures';

/**
 * What must never appear in a response body, a log line or a database dump: every ID number
 * and phone of every world this file used (plus the 17-digit stem and the lower-case x form),
 * and, for logs, every token and hospital secret the suite saw.
 */
const personal = new Set<string>();
const credentials = new Set<string>();

export function registerCitizens(citizens: readonly { idNumber: string; phone: string }[]): void {
  for (const c of citizens) {
    personal.add(c.idNumber.toUpperCase());
    personal.add(c.idNumber.toLowerCase());
    personal.add(c.idNumber.slice(0, 17));
    personal.add(c.phone);
  }
}

/** Tokens (access, refresh, QR, hospital) and secrets: never in a log. */
export function registerCredential(value: unknown): void {
  if (typeof value === 'string' && value.length >= 16) credentials.add(value);
}

export function personalSecrets(): string[] {
  return [...personal];
}

/** The secrets found in `text` (none is the only good answer). */
export function findPersonal(text: string): string[] {
  const found: string[] = [];
  for (const s of personal) if (text.includes(s)) found.push(s);
  return found;
}

export function findCredentials(text: string): string[] {
  const found: string[] = [];
  for (const s of credentials) if (text.includes(s)) found.push(`${s.slice(0, 12)}…`);
  // any JWT-shaped string at all (header.payload.signature of base64url JSON)
  const jwt = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/.exec(text);
  if (jwt) found.push(`jwt ${jwt[0].slice(0, 20)}…`);
  return found;
}

/** A stack trace or an internal detail in a response body. */
export function looksLikeStack(text: string): boolean {
  return /\bat [^\s()]+ \(.*:\d+:\d+\)|\bat .*\.(js|ts):\d+:\d+|node_modules|\/work\/|\bstack\b|TypeError|ReferenceError|SyntaxError:|drizzle|PGlite|postgres/i.test(text);
}

const responses = () => section('Privacy: every response body');

/** When the app runs in this process, the bodies are scanned as it sends them (all of them, setup calls included). */
let scannedAtSource = false;
export function scanAtSource(): void {
  scannedAtSource = true;
}

/** A body as a client of this file received it (skipped when the server side already scans). */
export function scanReceived(text: string, where: string): void {
  if (!scannedAtSource) scanResponse(text, where);
}

/** Every body the suite sees goes through here: no full ID number or phone, ever. */
export function scanResponse(text: string, where: string): void {
  const found = findPersonal(text);
  responses().check(found.length === 0, () => `${where}: response carries ${found.map((s) => s.slice(0, 3) + '…' + s.slice(-2)).join(', ')}`);
}

/** Log text of a run: no ID number, phone or token. */
export function scanLogs(text: string, where: string): void {
  const logs = section('Privacy: log lines');
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  for (const line of lines) {
    const found = [...findPersonal(line).map((s) => `${s.slice(0, 3)}…`), ...findCredentials(line)];
    logs.check(found.length === 0, () => `${where}: log line carries ${found.join(', ')}: ${line.slice(0, 160)}`);
  }
}
