/**
 * The hospital session: the token lives in sessionStorage (this tab only, gone when it closes),
 * never in a URL or in localStorage. `expiresAt` comes from the sign-in's `expiresIn`.
 */
export interface DeskSession {
  token: string;
  hospitalId: string;
  /** The hospital's name from the sign-in answer, for the header and the receipt. */
  hospitalName?: string;
  expiresAt: number;
}

const KEY = 'yibao.desk.session';

export function loadSession(now: number = Date.now()): DeskSession | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as DeskSession;
    if (typeof s.token !== 'string' || typeof s.hospitalId !== 'string' || typeof s.expiresAt !== 'number') return null;
    if (s.expiresAt <= now) {
      sessionStorage.removeItem(KEY);
      return null;
    }
    return s;
  } catch {
    return null;
  }
}

export function saveSession(s: DeskSession): void {
  sessionStorage.setItem(KEY, JSON.stringify(s));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
