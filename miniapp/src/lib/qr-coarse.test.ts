import qrcode from 'qrcode-generator'
import { qrDataUrl } from './qr'

jest.mock('qrcode-generator', () => {
  const real = jest.requireActual('qrcode-generator')
  return { __esModule: true, default: jest.fn((type: number, level: string) => real(type, level)) }
})

describe('#14 conventions: a code a desk scanner reads at arm’s length', () => {
  it('error correction M, and a 24-character token (P-QR-1) fits a version-2 code: 25 modules, each about 18 px of 600', () => {
    const token = 'AbCdEfGhIjKlMnOpQrStUvWx'
    const url = qrDataUrl(token)
    expect(qrcode).toHaveBeenCalledWith(0, 'M')
    const made = (qrcode as unknown as jest.Mock).mock.results.at(-1)!.value as { getModuleCount(): number }
    expect(made.getModuleCount()).toBe(25)
    const width = Buffer.from(url.split(',')[1], 'base64').readUInt16LE(6)
    expect(width / (25 + 8)).toBe(18)
  })
})
