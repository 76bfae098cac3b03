import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from './App';
import { apiError, CHECK_IN, fakeApi, Handler, split } from '../test/fakeApi';

jest.mock('./camera', () => ({
  ...jest.requireActual('./camera'),
  startCamera: jest.fn(async (_video: HTMLVideoElement, onCode: (text: string) => void) => {
    setTimeout(() => onCode('CAMERA_TOKEN_123'), 0);
    return { stop: jest.fn() };
  }),
}));

const NOW = new Date('2026-11-24T10:05:00+08:00');
const now = () => NOW;

function settled(body: { billNo: string; totalFen: number; compliantFen: number; payFromAccounts?: boolean }, id = 'st_1', at = '2026-11-24T10:06:00+08:00') {
  return { ...split(body.totalFen, body.compliantFen, body.payFromAccounts ?? true), settlementId: id, billNo: body.billNo, status: 'SETTLED' as const, settledAt: at };
}

function world(over: Partial<Record<string, Handler>> = {}) {
  return fakeApi({
    hospitalSession: ({ body }) => (body.secret === 'demo-secret-nj' ? { body: { accessToken: 'hosp-token-1', expiresIn: 28800, hospital: { hospitalId: 'H320102001', name: '南京市第一医院' } } } : apiError('UNAUTHENTICATED', 401)),
    checkIn: ({ body }) => (body.token === 'GOOD' || body.token === 'CAMERA_TOKEN_123' ? { body: CHECK_IN } : apiError('QR_INVALID', 422)),
    previewSettlement: ({ body }) => ({ body: split(body.totalFen, body.compliantFen, body.payFromAccounts) }),
    settle: ({ body }) => ({ body: settled(body) }),
    hospitalSettlements: () => ({ body: [] }),
    ...over,
  });
}

async function signIn(api: ReturnType<typeof world>) {
  render(<App fetch={api.fetch} now={now} />);
  fireEvent.change(screen.getByLabelText('医院编号'), { target: { value: 'H320102001' } });
  fireEvent.change(screen.getByLabelText('终端密钥'), { target: { value: 'demo-secret-nj' } });
  fireEvent.click(screen.getByRole('button', { name: '登录' }));
  await screen.findByLabelText('医保码');
}

async function scan(token = 'GOOD') {
  const code = screen.getByLabelText('医保码');
  fireEvent.change(code, { target: { value: token } });
  fireEvent.keyDown(code, { key: 'Enter' });
}

describe('hospital desk: sign-in (POST /hospital/sessions)', () => {
  it('signs in with hospital number and terminal key; the token is kept in sessionStorage, sent as a header, never in the URL', async () => {
    const api = world();
    const before = window.location.href;
    await signIn(api);
    expect(api.of('hospitalSession')[0].body).toEqual({ hospitalId: 'H320102001', secret: 'demo-secret-nj' });
    expect(sessionStorage.getItem('yibao.desk.session')).toContain('hosp-token-1');
    expect(localStorage.length).toBe(0);
    expect(window.location.href).toBe(before);
    await waitFor(() => expect(api.of('hospitalSettlements')).toHaveLength(1));
    const list = api.of('hospitalSettlements')[0];
    expect(list.authorization).toBe('Bearer hosp-token-1');
    expect(list.url).not.toContain('hosp-token-1');
    expect(list.query.get('since')).toBe('2026-11-24T00:00:00+08:00'); // since midnight, Shanghai
    expect(screen.getByText('南京市第一医院（H320102001）')).toBeTruthy();
  });

  it('a wrong key is refused in Chinese and the key field is emptied', async () => {
    const api = world();
    render(<App fetch={api.fetch} now={now} />);
    fireEvent.change(screen.getByLabelText('医院编号'), { target: { value: 'H320102001' } });
    fireEvent.change(screen.getByLabelText('终端密钥'), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    expect(await screen.findByText('医院编号或终端密钥不正确')).toBeTruthy();
    expect((screen.getByLabelText('终端密钥') as HTMLInputElement).value).toBe('');
    expect(sessionStorage.length).toBe(0);
  });

  it('退出 ends the session', async () => {
    const api = world();
    await signIn(api);
    fireEvent.click(screen.getByRole('button', { name: '退出' }));
    expect(screen.getByRole('button', { name: '登录' })).toBeTruthy();
    expect(sessionStorage.length).toBe(0);
  });
});

describe('hospital desk: scan (POST /hospital/check-ins)', () => {
  it('keyboard-wedge path: the code field has focus, Enter checks in; the card shows only what the check-in returns', async () => {
    const api = world();
    await signIn(api);
    const code = screen.getByLabelText('医保码');
    expect(document.activeElement).toBe(code);
    await scan();
    const card = await screen.findByRole('article', { name: '患者信息' });
    expect(api.of('checkIn')[0].body).toEqual({ token: 'GOOD' });
    expect(within(card).getByText('王**').className).toBe('patient-name');
    for (const text of ['320***********0151', '男', '11岁', '城乡居民医保', '正常参保', '江苏省南京市']) expect(within(card).getByText(text)).toBeTruthy();
    expect(card.textContent).not.toContain('p_child');
    // the bill is next: focus moves to 总金额
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('总金额')));
  });

  it('the code field takes focus back whenever no other field is being edited', async () => {
    const api = world();
    await signIn(api);
    const code = screen.getByLabelText('医保码');
    code.blur();
    fireEvent.focusOut(code);
    await waitFor(() => expect(document.activeElement).toBe(code));
  });

  it('pasting a code checks in at once', async () => {
    const api = world();
    await signIn(api);
    fireEvent.paste(screen.getByLabelText('医保码'), { clipboardData: { getData: () => ' GOOD \n' } });
    await screen.findByRole('article', { name: '患者信息' });
    expect(api.of('checkIn')[0].body).toEqual({ token: 'GOOD' });
  });

  it('camera path: 扫码 opens the camera and a decoded code checks in', async () => {
    const api = world();
    await signIn(api);
    fireEvent.click(screen.getByRole('button', { name: '扫码' }));
    await screen.findByRole('article', { name: '患者信息' });
    expect(api.of('checkIn')[0].body).toEqual({ token: 'CAMERA_TOKEN_123' });
  });

  it.each([
    ['QR_EXPIRED', 422, {}, '请患者刷新医保码后重新出示'],
    ['QR_ALREADY_USED', 409, { usedAt: '2026-11-24T09:58:00+08:00' }, '该医保码已于11月24日 09:58使用，请患者刷新医保码后重新出示'],
    ['QR_INVALID', 422, {}, '无法识别该医保码，请患者打开医保小程序重新出示医保码'],
    ['SERVICE_SUSPENDED', 503, { resumesAt: '2026-11-24T12:00:00+08:00' }, '医保系统维护中，暂停办理，预计11月24日 12:00恢复'],
  ] as const)('%s is refused with what to do, in Chinese', async (code, status, extra, message) => {
    const api = world({ checkIn: () => apiError(code, status, extra) });
    await signIn(api);
    await scan('ANY');
    expect(await screen.findByText(message)).toBeTruthy();
    expect(screen.queryByRole('article', { name: '患者信息' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByLabelText('医保码'));
  });
});

describe('hospital desk: bill, preview and settlement (POST /hospital/settlements/preview, POST /hospital/settlements)', () => {
  async function checkedIn(api = world()) {
    await signIn(api);
    await scan();
    await screen.findByRole('article', { name: '患者信息' });
    return api;
  }
  const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

  it('validates amounts: no third decimal, no negative, compliant ≤ total', async () => {
    const api = await checkedIn();
    type('总金额', '12.345');
    expect(await screen.findByText('金额应为数字，最多两位小数，例如 128.50')).toBeTruthy();
    type('总金额', '-3');
    expect(screen.getByText('金额不能为负数')).toBeTruthy();
    type('总金额', '100');
    type('合规金额', '120');
    expect(screen.getByText('合规金额不能大于总金额')).toBeTruthy();
    expect((screen.getByRole('button', { name: '确认结算' }) as HTMLButtonElement).disabled).toBe(true);
    expect(api.of('previewSettlement')).toHaveLength(0);
  });

  it('a live preview after the typing settles (debounced: one call), naming every part; the switch is on by default', async () => {
    const api = await checkedIn();
    const sw = screen.getByRole('switch', { name: '使用个人账户和家庭共济' }) as HTMLInputElement;
    expect(sw.checked).toBe(true);
    type('总金额', '1');
    type('总金额', '12');
    type('总金额', '1234.5');
    type('合规金额', '1000');
    const preview = screen.getByRole('region', { name: '预结算' });
    await waitFor(() => expect(within(preview).getByText('家庭共济（王**）')).toBeTruthy());
    expect(api.of('previewSettlement')).toHaveLength(1);
    expect(api.of('previewSettlement')[0].body).toEqual({ checkInId: 'ci_1', totalFen: 123450, compliantFen: 100000, payFromAccounts: true });
    for (const label of ['统筹基金', '个人账户(当年)', '个人账户(历年)', '现金']) expect(within(preview).getByText(label)).toBeTruthy();
    expect(within(preview).getByText('¥1,234.50')).toBeTruthy(); // 合计
    expect(within(preview).getByText('¥734.50')).toBeTruthy(); // the family part
    expect(within(preview).getByText('本次计入起付线：¥0.00')).toBeTruthy();

    fireEvent.click(sw);
    await waitFor(() => expect(api.of('previewSettlement')).toHaveLength(2));
    expect(api.of('previewSettlement')[1].body.payFromAccounts).toBe(false);
    await waitFor(() => expect(within(preview).getByText('家庭共济')).toBeTruthy());
  });

  it('Enter moves on, Ctrl+Enter confirms with the pre-filled bill number, then the receipt; a replayed click settles once', async () => {
    const api = await checkedIn();
    const billNo = (screen.getByLabelText('账单号') as HTMLInputElement).value;
    expect(billNo).toMatch(/^B20261124100500-[0-9A-Z]{4}$/);
    const total = screen.getByLabelText('总金额');
    type('总金额', '200');
    fireEvent.keyDown(total, { key: 'Enter' });
    expect(document.activeElement).toBe(screen.getByLabelText('合规金额'));
    type('合规金额', '150.5');
    fireEvent.keyDown(screen.getByLabelText('合规金额'), { key: 'Enter' });
    expect(document.activeElement).toBe(screen.getByRole('switch', { name: '使用个人账户和家庭共济' }));
    fireEvent.keyDown(screen.getByLabelText('合规金额'), { key: 'Enter', ctrlKey: true });
    const receipt = await screen.findByRole('article', { name: '结算收据' });
    expect(api.of('settle')).toHaveLength(1);
    expect(api.of('settle')[0].body).toEqual({ checkInId: 'ci_1', billNo, totalFen: 20000, compliantFen: 15050, payFromAccounts: true });
    expect(within(receipt).getByText(billNo)).toBeTruthy();
    // the receipt names the hospital (the sign-in answer's `hospital`), not only its number
    expect(within(receipt).getByText('南京市第一医院（H320102001）')).toBeTruthy();
    expect(within(receipt).getByText('2026年11月24日 10:06:00')).toBeTruthy();
    expect(within(receipt).getByText('¥200.00')).toBeTruthy();
    expect(within(receipt).getByText('家庭共济（王**）')).toBeTruthy();
    // the next patient can be scanned straight away
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('医保码')));
    await waitFor(() => expect(api.of('hospitalSettlements').length).toBeGreaterThanOrEqual(2));
  });

  it('Esc cancels the bill and goes back to scanning', async () => {
    await checkedIn();
    type('总金额', '20');
    fireEvent.keyDown(screen.getByLabelText('总金额'), { key: 'Escape' });
    expect(screen.queryByRole('article', { name: '患者信息' })).toBeNull();
    expect((screen.getByLabelText('总金额') as HTMLInputElement).value).toBe('');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('医保码')));
  });

  it('BILL_NO_REUSED says to change the bill number', async () => {
    await checkedIn(world({ settle: () => apiError('BILL_NO_REUSED', 409) }));
    type('总金额', '20');
    type('合规金额', '20');
    fireEvent.click(screen.getByRole('button', { name: '确认结算' }));
    expect(await screen.findByText('该账单号已用于另一笔结算，请核对账单号（可修改账单号后重试）')).toBeTruthy();
  });

  it('an expired session returns to sign-in and keeps the bill being typed', async () => {
    let expired = false;
    const api = await checkedIn(world({ previewSettlement: ({ body }) => (expired ? apiError('UNAUTHENTICATED', 401) : { body: split(body.totalFen, body.compliantFen) }) }));
    expired = true;
    type('账单号', 'MY-BILL-7');
    type('总金额', '88.8');
    type('合规金额', '80');
    expect(await screen.findByText('登录已失效，请重新登录；正在办理的账单已保留')).toBeTruthy();
    expect(sessionStorage.length).toBe(0);
    expect((screen.getByLabelText('医院编号') as HTMLInputElement).value).toBe('H320102001');
    expired = false;
    fireEvent.change(screen.getByLabelText('终端密钥'), { target: { value: 'demo-secret-nj' } });
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    await screen.findByRole('article', { name: '患者信息' });
    expect((screen.getByLabelText('账单号') as HTMLInputElement).value).toBe('MY-BILL-7');
    expect((screen.getByLabelText('总金额') as HTMLInputElement).value).toBe('88.8');
    expect((screen.getByLabelText('合规金额') as HTMLInputElement).value).toBe('80');
  });

  it('the session also ends on its own at expiresIn', async () => {
    const api = world({ hospitalSession: () => ({ body: { accessToken: 'short', expiresIn: 1 } }) });
    await signIn(api);
    expect(await screen.findByText('登录已失效，请重新登录', {}, { timeout: 3000 })).toBeTruthy();
  });
});

describe('hospital desk: today (GET /hospital/settlements?since=, POST …/refund)', () => {
  const a = settled({ billNo: 'BILL-A', totalFen: 10000, compliantFen: 10000 }, 'st_a', '2026-11-24T08:30:00+08:00');
  const b = settled({ billNo: 'BILL-B', totalFen: 123456, compliantFen: 100000 }, 'st_b', '2026-11-24T09:45:00+08:00');

  it('newest first; 退费 asks first, 确认退费 refunds, and the row says so', async () => {
    let list: object[] = [a, b];
    const api = world({
      hospitalSettlements: () => ({ body: list }),
      refund: ({ params }) => {
        const done = { ...(params.settlementId === 'st_b' ? b : a), status: 'REFUNDED', refundedAt: '2026-11-24T10:07:00+08:00' };
        list = list.map((x) => ((x as typeof a).settlementId === done.settlementId ? done : x));
        return { body: done };
      },
    });
    await signIn(api);
    const today = screen.getByRole('region', { name: '今日结算' });
    await waitFor(() => expect(within(today).getAllByRole('row')).toHaveLength(3));
    const rows = within(today).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-bill'))).toEqual(['BILL-B', 'BILL-A']);
    expect(within(rows[0]).getByText('¥1,234.56')).toBeTruthy();

    fireEvent.click(within(rows[0]).getByRole('button', { name: '退费' }));
    const dialog = screen.getByRole('dialog', { name: '退费确认' });
    expect(api.of('refund')).toHaveLength(0);
    // Esc closes without refunding
    fireEvent.keyDown(within(dialog).getByRole('button', { name: '确认退费' }), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.of('refund')).toHaveLength(0);

    fireEvent.click(within(rows[0]).getByRole('button', { name: '退费' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: '确认退费' }));
    await waitFor(() => expect(within(today).getByText('已退费 10:07')).toBeTruthy());
    expect(api.of('refund')[0].params).toEqual({ settlementId: 'st_b' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('while the endpoint is missing the list says it cannot be read, and the desk still works', async () => {
    const api = world({ hospitalSettlements: undefined });
    await signIn(api);
    expect(await screen.findByText('今日结算暂时无法读取：未找到相关信息')).toBeTruthy();
    await act(async () => scan());
    await screen.findByRole('article', { name: '患者信息' });
  });
});
