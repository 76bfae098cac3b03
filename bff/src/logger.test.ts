import fc from 'fast-check';
import { createLogger, logPath, redactText } from './logger';

/**
 * Privacy (API.md Conventions; issue 18, finding 9): an ID number or a phone never reaches a log
 * line, however it is written — full-width digits, spaces, dashes, dots — in a request path or
 * anywhere else in a line.
 */
const FULL_WIDTH = (c: string) => (/[0-9X]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c);
const SEPARATORS = [' ', '-', '.', '_', '\u3000', '\uff0d', '\u2014', '\u00b7', '\u2212'];
const digitsOf = (s: string) => s.normalize('NFKC').replace(/[^0-9]/g, '');

const idArb = fc.tuple(fc.stringMatching(/^[1-9][0-9]{16}$/), fc.constantFrom(...'0123456789X')).map(([a, b]) => a + b);
const phoneArb = fc.stringMatching(/^1[3-9][0-9]{9}$/);
/** The secret written as a person might: some characters full-width, 0–2 separators between some. */
const written = (secret: string) =>
  fc
    .tuple(
      fc.array(fc.boolean(), { minLength: secret.length, maxLength: secret.length }),
      fc.array(fc.array(fc.constantFrom(...SEPARATORS), { maxLength: 2 }), { minLength: secret.length, maxLength: secret.length }),
    )
    .map(([wide, seps]) => [...secret].map((c, i) => (wide[i] ? FULL_WIDTH(c) : c) + (i < secret.length - 1 ? seps[i].join('') : '')).join(''));
const secretArb = fc.oneof(idArb, phoneArb).chain((secret) => written(secret).map((text) => ({ secret, text })));
const around = fc.constantFrom('', '/', 'id=', 'x', '/orders/', '%20', ' 电话：', 'abc/');

describe('log redaction normalises before redacting (privacy, issue 18 finding 9)', () => {
  it.each([
    ['full-width ID', '/api/v1/orders/３２０１０２１９８００３１４０１１３'],
    ['full-width ID with a full-width X', '/api/v1/x/３２０１０２１９８００３１４０１１Ｘ'],
    ['phone with dashes', '/api/v1/orders/138-0000-0001'],
    ['ID with spaces', '/api/v1/orders/320102 19800314 0113'],
    ['ID with spaces, %-encoded', '/api/v1/orders/320102%2019800314%200113'],
    ['phone with dots and +86', '/api/v1/x/+86.138.0000.0001'],
    ['ID with ideographic spaces', '/api/v1/x/320102\u300019800314\u30000113'],
    ['phone with a malformed escape elsewhere', '/api/v1/%/138 0000 0001'],
  ])('%s in a path is masked', (_label, url) => {
    const out = logPath(url);
    expect(out).toContain('[redacted]');
    expect(digitsOf(out)).not.toMatch(/\d{11}/);
  });

  it('keeps ordinary paths readable (ids, short numbers, dates)', () => {
    expect(logPath('/api/v1/orders/o_AbCdEfGhIjKlMnOp?x=1')).toBe('/api/v1/orders/o_AbCdEfGhIjKlMnOp');
    expect(logPath('/api/v1/family/invitations/m_0123456789abcdef/accept')).toBe('/api/v1/family/invitations/m_0123456789abcdef/accept');
    expect(redactText('2026-11-24T10:00:00+08:00 took 12.5 ms')).toBe('2026-11-24T10:00:00+08:00 took 12.5 ms');
  });

  it('an opaque token (refresh, QR) in a path is masked; long names in messages are not', () => {
    expect(logPath('/api/v1/x/abcdefghijklmNOPqrstuvwx')).toBe('/api/v1/x/[redacted]');
    expect(logPath('/api/v1/x/abcdefghijklmnopqrst9vwx')).toBe('/api/v1/x/[redacted]');
    expect(redactText('SANDBOX_IN_PRODUCTION=1: on the sandbox_upstream_of_the_demo')).toBe('SANDBOX_IN_PRODUCTION=1: on the sandbox_upstream_of_the_demo');
  });

  it('property: whatever the formatting, no ID number or phone survives logPath', () => {
    fc.assert(
      fc.property(secretArb, around, around, ({ secret, text }, before, after) => {
        const out = logPath(`/api/v1/orders/${before}${text}${after}`);
        expect(digitsOf(out)).not.toContain(secret.replace(/X$/, '').slice(0, 11));
      }),
      { numRuns: 2000 },
    );
  });

  it('property: nor any log line, in the message or in any field', () => {
    fc.assert(
      fc.property(secretArb, around, ({ secret, text }, before) => {
        const lines: string[] = [];
        const logger = createLogger('info', { write: (s: string) => void lines.push(s) });
        logger.info({ path: logPath(`/x/${before}${text}`), note: `${before}${text}`, nested: { list: [text] } }, `failed for ${text}`);
        const line = JSON.parse(lines.join('')) as Record<string, unknown>;
        for (const value of [line.path, line.note, JSON.stringify(line.nested), line.msg]) {
          expect(digitsOf(String(value))).not.toContain(secret.replace(/X$/, '').slice(0, 11));
        }
      }),
      { numRuns: 500 },
    );
  });
});
