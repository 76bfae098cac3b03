import type { GeoScope } from '../types';

/** API.md: a product's `regions` are prefixes of 参保地 (2 digits a province, 4 a city, 6 a pool). */
export function regionIn(region: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => region.startsWith(prefix));
}

/** P-FAM-4: compares 参保地 (never ID-number digits) within the configured scope. */
export function withinScope(a: string, b: string, scope: GeoScope): boolean {
  switch (scope) {
    case 'POOL':
      return a === b;
    case 'PROVINCE':
      return a.slice(0, 2) === b.slice(0, 2);
    case 'NATION':
      return true;
  }
}
