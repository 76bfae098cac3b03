import type { MaintenanceWindow } from '../types';

/** P-OPS-1: the windows in force at `at` (start inclusive, end exclusive). */
export function activeMaintenance(windows: readonly MaintenanceWindow[], at: Date): MaintenanceWindow[] {
  const t = at.getTime();
  return windows.filter((w) => Date.parse(w.startsAt) <= t && t < Date.parse(w.endsAt));
}

/** Windows not yet over, soonest first: what the notices show. */
export function currentAndUpcoming(windows: readonly MaintenanceWindow[], at: Date): MaintenanceWindow[] {
  const t = at.getTime();
  return windows.filter((w) => Date.parse(w.endsAt) > t).sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
}

/**
 * Whether money-moving and binding operations are suspended, and when they resume: the end of
 * the active windows, following windows that start before the previous one ends.
 */
export function suspension(windows: readonly MaintenanceWindow[], at: Date): { suspended: false } | { suspended: true; resumesAt: string } {
  const active = activeMaintenance(windows, at);
  if (active.length === 0) return { suspended: false };
  // Every active window starts at or before `at`, so before the smallest active end: from any of them the loop below
  // reaches the largest active end and goes on along the chain. Max only saves passes.
  // Stryker disable next-line MethodExpression: equivalent (Math.min), see above
  let end = Math.max(...active.map((w) => Date.parse(w.endsAt)));
  let resumesAt = active.find((w) => Date.parse(w.endsAt) === end)!.endsAt;
  for (let grew = true; grew; ) {
    grew = false;
    for (const w of windows) {
      const s = Date.parse(w.startsAt);
      const e = Date.parse(w.endsAt);
      if (s <= end && e > end) {
        end = e;
        resumesAt = w.endsAt;
        grew = true;
      }
    }
  }
  return { suspended: true, resumesAt };
}

/**
 * P-OPS-1 (with P-SET-8): the operations refused during maintenance: those that move money or
 * change a binding. Reads are never refused.
 */
export const SUSPENDED_OPERATIONS = ['BIND', 'CONSENT', 'UNBIND', 'MODES', 'ORDER', 'PAY_ORDER', 'SETTLE', 'REFUND'] as const;
export type SuspendedOperation = (typeof SUSPENDED_OPERATIONS)[number];

/** P-OPS-1: whether `operation` may run at `at`, else when it may again. */
export function operationAllowed(
  operation: string,
  windows: readonly MaintenanceWindow[],
  at: Date,
): { allowed: true } | { allowed: false; resumesAt: string } {
  if (!(SUSPENDED_OPERATIONS as readonly string[]).includes(operation)) return { allowed: true };
  const s = suspension(windows, at);
  return s.suspended ? { allowed: false, resumesAt: s.resumesAt } : { allowed: true };
}
