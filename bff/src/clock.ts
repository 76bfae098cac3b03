/**
 * One clock for the whole app: tokens, windows, ages, rate limits and QR expiry all read it.
 * It starts at SANDBOX_NOW when set and runs on at real speed. Rules get the instant as an
 * argument; nothing else reads the wall clock.
 */
export interface Clock {
  now(): Date;
}

export function systemClock(start?: Date): Clock {
  const offset = start ? start.getTime() - Date.now() : 0;
  return { now: () => new Date(Date.now() + offset) };
}

/** A clock that moves only when told to (tests). */
export class ManualClock implements Clock {
  private t: number;
  constructor(start: Date | string) {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  set(at: Date | string): void {
    this.t = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/** Seconds since the epoch, for JWT claims and jsonwebtoken's clockTimestamp. */
export function epochSeconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}
