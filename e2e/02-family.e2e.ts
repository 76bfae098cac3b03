import { describe, expect, it } from '@jest/globals';
import { api } from './support/bff';
import { apiCitizen, eventually, find, open, signIn, verifyInUi } from './support/flows';
import { journey } from './support/journey';

// Journey 2 (issue 5): binds a minor child (active at once, P-FAM-6) and a parent (pending);
// the parent signs in on a second phone, verifies and accepts; the organizer enables 共济缴费 (P-FAM-7).
describe('journey 2: family mutual-aid binding with consent', () => {
  const j = journey('02-family');

  it('child active at once, parent after consent on their own phone, then 共济缴费 on', async () => {
    const wang = find(j.world as never, '王建国');
    const child = find(j.world as never, '王小明');
    const mother = find(j.world as never, '李秀英');

    const { page } = await j.phone('王建国');
    await signIn(page, j.bff.url, 'e2e-j2-wang');
    await verifyInUi(page, j.bff.url, wang);

    await open(page, j.bff.url, 'family');
    const addMember = async (who: typeof child, relation: string) => {
      await page.click('.page-family .js-member-add-open');
      await page.fill('.page-family .js-member-name', who.name);
      await page.fill('.page-family .js-member-id', who.idNumber);
      await page.click(`.page-family .js-relation-${relation}`);
      await page.click('.page-family .js-member-submit');
    };
    await addMember(child, 'CHILD');
    const members = page.locator('.page-family .js-member');
    await eventually(() => members.count(), (n) => expect(n).toBe(1));
    await expect(members.first().locator('.js-member-status').textContent()).resolves.toMatch(/已生效|生效/);
    await j.shot(page, 'child-bound');

    await addMember(mother, 'PARENT');
    await eventually(() => members.count(), (n) => expect(n).toBe(2));
    const motherRow = members.filter({ hasText: '李*' });
    await expect(motherRow.locator('.js-member-status').textContent()).resolves.toMatch(/待.*确认/);
    await j.shot(page, 'parent-pending');

    // the parent's own phone: sign in, verify, accept the invitation
    const second = await j.phone('李秀英');
    await signIn(second.page, j.bff.url, 'e2e-j2-li');
    await verifyInUi(second.page, j.bff.url, mother);
    await open(second.page, j.bff.url, 'family');
    const invitation = second.page.locator('.page-family .js-invitation');
    await eventually(() => invitation.count(), (n) => expect(n).toBe(1));
    await expect(invitation.textContent()).resolves.toContain('王**');
    await j.shot(second.page, 'parent-invitation');
    await invitation.locator('.js-invitation-accept').click();
    // #14 finding 2: 同意 goes behind a confirmation (Taro.showModal)
    await second.page.locator('.taro__modal .taro-modal__content .taro-model__confirm').click();
    await eventually(() => second.page.locator('.page-family .js-invitation').count(), (n) => expect(n).toBe(0));
    await j.shot(second.page, 'parent-accepted');

    // back on the organizer's phone: the parent is active; enable 共济缴费
    await page.reload();
    await page.locator('.page-family .js-member').first().waitFor();
    await expect(page.locator('.page-family .js-member').filter({ hasText: '李*' }).locator('.js-member-status').textContent()).resolves.toMatch(/已生效|生效/);
    const premium = page.locator('.page-family .js-mode-premium');
    await expect(premium.getAttribute('aria-checked')).resolves.toBe('false');
    await premium.click();
    // #14 finding 3: switching it on asks first (whose account, for whom, which bucket)
    const sheet = page.locator('.page-family .js-modes-confirm-premium');
    await sheet.waitFor();
    await expect(sheet.locator('.js-modes-bucket').textContent()).resolves.toContain('历年账户');
    await j.shot(page, 'premium-confirm-sheet');
    await sheet.locator('.js-sheet-confirm').click();
    await eventually(() => premium.getAttribute('aria-checked'), (v) => expect(v).toBe('true'));
    await j.shot(page, 'premium-enabled');

    // the server agrees (what the UI showed was stored, not just drawn)
    const token = await apiCitizen(j.bff.url, 'e2e-j2-wang');
    const list = await api(j.bff.url, 'GET', '/family/members', undefined, token);
    expect(list.body.modes).toEqual({ pay: false, premium: true });
    expect(list.body.members.map((m: { relation: string; status: string }) => [m.relation, m.status]).sort()).toEqual([
      ['CHILD', 'ACTIVE'],
      ['PARENT', 'ACTIVE'],
    ]);
  });
});
