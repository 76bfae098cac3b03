/** Labels the mini-program and the hospital desk show for codes of the contract. */

import { CITY_NAMES, PROVINCE_NAMES } from './region-names.data';

function table(packed: string, width: number): Map<string, string> {
  return new Map(packed.split(',').map((entry) => [entry.slice(0, width), entry.slice(width)]));
}

let provinces: Map<string, string> | undefined;
let cities: Map<string, string> | undefined;

/**
 * 参保地 as a place name, never a code (#14 finding 9): "江苏省南京市" for 320102, "北京市" for
 * 110105; a code outside the table reads as its province, or as "其他地区".
 */
export function regionLabel(region: string | null | undefined): string {
  if (!region) return '—';
  provinces ??= table(PROVINCE_NAMES, 2);
  cities ??= table(CITY_NAMES, 4);
  const province = provinces.get(region.slice(0, 2));
  if (!province) return '其他地区';
  const city = cities.get(region.slice(0, 4)); // a 2-digit code is no 4-digit key
  return city ? `${province}${city}` : province;
}

export const GENDER_LABELS: Record<'M' | 'F', string> = { M: '男', F: '女' };
