/**
 * Icons of the home page's service tiles (#14 conventions): simple shapes drawn here as SVG
 * (nothing downloaded), shown through <Image> as data URLs — WeChat's image component and the
 * browser both read SVG. Decorative: the tile's text names the service.
 */
const BLUE = '#1e6fd9'

function svg(body: string, color = BLUE): string {
  const doc = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" fill="none" stroke="${color}" stroke-width="3.5" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(doc)}`
}

const finder = (x: number, y: number, color: string) =>
  `<rect x="${x}" y="${y}" width="14" height="14" rx="2"/><rect x="${x + 4.5}" y="${y + 4.5}" width="5" height="5" fill="${color}" stroke="none"/>`

export const TILE_ICONS = {
  qrcode: svg(
    `${finder(5, 5, '#fff')}${finder(29, 5, '#fff')}${finder(5, 29, '#fff')}<path d="M29 29h5v5M43 29v6M29 40v3h6M40 40h3v3" />`,
    '#fff',
  ),
  family: svg('<circle cx="17" cy="15" r="6"/><circle cx="33" cy="17" r="5"/><path d="M5 41c0-8 5-13 12-13s12 5 12 13"/><path d="M27 30c2-2 4-3 6-3 6 0 10 5 10 12"/>'),
  pay: svg('<rect x="5" y="11" width="38" height="28" rx="4"/><path d="M5 19h38"/><path d="M18 26l4 4 4-4M22 30v7M18 33h8"/>'),
  orders: svg('<path d="M12 5h18l8 8v30H12z"/><path d="M30 5v8h8"/><path d="M18 23h14M18 30h14M18 37h8"/>'),
  settlements: svg('<rect x="6" y="10" width="36" height="32" rx="4"/><path d="M18 10V6h12v4"/><path d="M24 19v14M17 26h14"/>'),
  statement: svg('<rect x="7" y="6" width="34" height="36" rx="4"/><path d="M14 16h20M14 24h20M14 32h12"/>'),
  identity: svg('<rect x="4" y="10" width="40" height="28" rx="4"/><circle cx="16" cy="22" r="4.5"/><path d="M9 32c1-4 4-6 7-6s6 2 7 6"/><path d="M28 19h10M28 26h10M28 33h6"/>'),
} as const

export type TileIcon = keyof typeof TILE_ICONS
