import { describe, expect, it } from '@jest/globals';
import { api } from './support/bff';
import type { Page } from 'playwright-core';
import { apiCitizen, eventually, fillVerify, find, open, signIn, verifyInUi } from './support/flows';
import { journey } from './support/journey';

// Journey 9 (issue 16): the organizer shares an invitation into a WeChat chat; the card opens the
// consent page (in the browser: its URL). It shows nothing before sign-in and 实名认证, nothing
// to someone else, and the invitation to the invitee, who accepts there.
describe('journey 9: an invitation shared into a chat opens the consent page', () => {
  const j = journey('09-shared-invitation');

  it('reveals nothing until the opener signed in and verified as the invitee, then lets them accept', async () => {
    const wang = find(j.world as never, '王建国');
    const mother = find(j.world as never, '李秀英');
    const chen = find(j.world as never, '陈志强');
    const organizer = await apiCitizen(j.bff.url, 'e2e-j8-wang', wang);
    // pending: the mother has to consent (bindViaApi would accept for her)
    const added = await api(j.bff.url, 'POST', '/family/members', { name: mother.name, idNumber: mother.idNumber, relation: 'PARENT' }, organizer);
    expect([added.status, added.body.status]).toEqual([201, 'PENDING_CONSENT']);
    const memberId = added.body.memberId as string;
    const link = `${j.bff.url}/#/pages/consent/index?memberId=${memberId}`;

    // somebody else in the chat: signed in and verified, still nothing
    const other = await j.phone('陈志强');
    await signIn(other.page, j.bff.url, 'e2e-j8-chen');
    await verifyInUi(other.page, j.bff.url, chen);
    await other.page.goto(link);
    await other.page.locator('.page-consent .js-consent-none').waitFor();
    await expect(other.page.locator('.page-consent').textContent()).resolves.not.toContain('王*');
    await j.shot(other.page, 'stranger-sees-nothing');

    // the invitee opens the card: sign-in first, then 实名认证, each bringing them back
    const { page } = await j.phone('李秀英');
    await page.goto(link);
    await page.locator('.page-consent .js-consent-signin').waitFor();
    await expect(page.locator('.page-consent').textContent()).resolves.not.toContain('王*');
    await j.shot(page, 'before-sign-in');
    await page.click('.page-consent .js-consent-login');
    await page.locator('.page-login').first().waitFor({ state: 'visible' });
    await page.fill('.page-login .js-login-openid', 'e2e-j8-li');
    await page.click('.page-login .js-login-agree');
    await page.click('.page-login .js-login-submit');
    await page.locator('.page-consent .js-consent-verify').waitFor();
    await expect(page.locator('.page-consent .js-consent-verify').textContent()).resolves.not.toContain('王*');
    await page.click('.page-consent .js-consent-identity');
    await page.locator('.page-identity').first().waitFor({ state: 'visible' });
    await fillVerify(page, mother);
    await page.locator('.page-identity .js-verify-success').waitFor();
    await page.click('.page-identity .js-verify-home');
    const invitation = page.locator('.page-consent .js-consent-invitation');
    await invitation.waitFor();
    await expect(invitation.textContent()).resolves.toContain('王**');
    // #14 finding 2: in the mother's words, what each mode allows, and that it can be left
    await expect(page.locator('.page-consent .js-invitation-headline').textContent()).resolves.toBe('您的儿子 王** 邀请您加入家庭共济');
    await expect(invitation.textContent()).resolves.toContain('随时退出');
    await j.shot(page, 'invitation');
    await page.click('.page-consent .js-consent-accept');
    await confirmModal(page, '同意加入家庭共济', () => j.shot(page, 'accept-confirmation'));
    await page.locator('.page-consent .js-consent-done').waitFor();
    await j.shot(page, 'accepted');

    // the server agrees
    await eventually(
      () => api(j.bff.url, 'GET', '/family/members', undefined, organizer),
      (list) => expect(list.body.members.map((m: { memberId: string; status: string }) => [m.memberId, m.status])).toEqual([[memberId, 'ACTIVE']]),
    );
  });

  // #14 findings 2 and 10: the father's consent on his own phone from the badge, and the inviter told of a decline
  it('#14 finding 2: the parent sees the badge, reads the invitation in his words, agrees through a confirmation and sees the network joined; #14 finding 10: the inviter sees a decline and a pending row to withdraw', async () => {
    const wang = find(j.world as never, '王建国');
    const father = find(j.world as never, '王德福');
    const wife = find(j.world as never, '张丽');
    const sister = find(j.world as never, '王芳');
    const organizer = await apiCitizen(j.bff.url, 'e2e-j8-wang', wang);
    await api(j.bff.url, 'PUT', '/family/modes', { pay: true, premium: true }, organizer);
    const invite = async (who: typeof father, relation: string) => {
      const r = await api(j.bff.url, 'POST', '/family/members', { name: who.name, idNumber: who.idNumber, relation }, organizer);
      expect([r.status, r.body.status]).toEqual([201, 'PENDING_CONSENT']);
      return r.body.memberId as string;
    };
    await invite(father, 'PARENT');
    const wifeInvitation = await invite(wife, 'SPOUSE');
    await invite(sister, 'SIBLING');

    // the father (a resident) on his own phone: the home page and the 家庭 tab say an invitation waits
    const { page } = await j.phone('王德福');
    await signIn(page, j.bff.url, 'e2e-j8-father');
    await verifyInUi(page, j.bff.url, father);
    await open(page, j.bff.url, 'home');
    const banner = page.locator('.page-home .js-home-invitations');
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toContain('您的儿子 王** 邀请您加入家庭共济');
    const badge = page.locator('.weui-tabbar__item').nth(2).locator('.taro-tabbar-badge');
    await eventually(() => badge.textContent(), (t) => expect(t).toBe('1'));
    await j.shot(page, 'father-home-badge');
    await banner.click();
    const invitation = page.locator('.page-family .js-invitation');
    await invitation.waitFor();
    await expect(invitation.locator('.js-invitation-headline').textContent()).resolves.toBe('您的儿子 王** 邀请您加入家庭共济');
    await expect(invitation.locator('.js-invitation-mode-pay').textContent()).resolves.toContain('共济支付（已开启）');
    await expect(invitation.locator('.js-invitation-mode-premium').textContent()).resolves.toContain('共济缴费（已开启）');
    // #14 finding 11: a resident is told up front that he cannot organise; no switches, no add button
    await expect(page.locator('.page-family .js-organizer-gate').textContent()).resolves.toContain('只有职工医保参保人');
    await expect(page.locator('.page-family .js-modes').count()).resolves.toBe(0);
    await j.shot(page, 'father-invitation');
    await invitation.locator('.js-invitation-accept').click();
    await confirmModal(page, '同意加入家庭共济', () => j.shot(page, 'father-accept-confirmation'));
    // the network joined, instead of "还没有绑定家庭成员"; the badge is gone
    const joined = page.locator('.page-family .js-joined-item');
    await joined.waitFor();
    await expect(joined.locator('.js-joined-title').textContent()).resolves.toBe('王** 的家庭');
    await expect(joined.locator('.js-joined-as').textContent()).resolves.toBe('您是对方的父亲');
    await expect(page.locator('.page-family').textContent()).resolves.not.toContain('还没有绑定家庭成员');
    await eventually(() => badge.count(), (n) => expect(n).toBe(0));
    await j.shot(page, 'father-joined');

    // the wife declines (on her phone; here through the API)
    const wifeToken = await apiCitizen(j.bff.url, 'e2e-j8-wife', wife);
    expect((await api(j.bff.url, 'POST', `/family/invitations/${wifeInvitation}/decline`, undefined, wifeToken)).status).toBe(200);

    // the organizer's phone: the decline is said; the sister's pending row offers 撤回邀请
    const inviter = await j.phone('王建国');
    await signIn(inviter.page, j.bff.url, 'e2e-j8-wang');
    await open(inviter.page, j.bff.url, 'family');
    const declined = inviter.page.locator('.page-family .js-declined-item');
    await declined.waitFor();
    await expect(declined.locator('.js-declined-text').textContent()).resolves.toBe('妻子 张* 已拒绝您的邀请');
    const pending = inviter.page.locator('.page-family .js-member-PENDING_CONSENT');
    await eventually(() => pending.count(), (n) => expect(n).toBe(1));
    await expect(pending.locator('.js-member-withdraw').textContent()).resolves.toBe('撤回邀请');
    await expect(pending.textContent()).resolves.toContain('等待对方同意');
    await expect(pending.textContent()).resolves.not.toMatch(/未知|\d+岁|undefined/);
    await j.shot(inviter.page, 'inviter-declined');
    await pending.scrollIntoViewIfNeeded();
    await j.shot(inviter.page, 'inviter-pending-withdraw');
    await declined.locator('.js-declined-dismiss').click();
    await eventually(() => declined.count(), (n) => expect(n).toBe(0));
  });

  // #14 finding 12: 实名认证 says what to type, how many tries remain, and where to go when the identity is taken
  it('#14 finding 12: an empty ID says 请输入身份证号码; from the 3rd failure the attempts left are said; IDENTITY_IN_USE gets next steps', async () => {
    const sister = find(j.world as never, '王芳');
    const wang = find(j.world as never, '王建国');
    const { page } = await j.phone('猜测者');
    await signIn(page, j.bff.url, 'e2e-j8-guess');
    await open(page, j.bff.url, 'identity');
    await page.click('.page-identity .js-verify-submit');
    await expect(page.locator('.page-identity .js-verify-id-error').textContent()).resolves.toBe('请输入身份证号码');
    await j.shot(page, 'identity-empty');
    for (let i = 1; i <= 3; i++) {
      const answered = page.waitForResponse((r) => r.url().includes('/identity/verify') && r.request().method() === 'POST');
      await fillVerify(page, { ...sister, phone: `1390000${1000 + i}` });
      expect((await answered).status()).toBe(422);
      if (i < 3) await expect(page.locator('.page-identity .js-verify-attempts').count()).resolves.toBe(0);
    }
    const attempts = page.locator('.page-identity .js-verify-attempts');
    await attempts.waitFor();
    await expect(attempts.textContent()).resolves.toContain('还可以再试 2 次');
    await j.shot(page, 'identity-third-failure');
    const inUse = page.waitForResponse((r) => r.url().includes('/identity/verify') && r.request().method() === 'POST');
    await fillVerify(page, wang);
    expect((await inUse).status()).toBe(409);
    const steps = page.locator('.page-identity .js-verify-in-use-steps');
    await steps.waitFor();
    await expect(steps.textContent()).resolves.toContain('12393');
    await j.shot(page, 'identity-in-use');
  });
});

/** A Taro.showModal confirmation (H5: .taro__modal): checks its title, lets a screenshot be taken, confirms. */
async function confirmModal(page: Page, title: string, shoot?: () => Promise<unknown>): Promise<void> {
  // the wrapper has no box of its own (its mask and dialog are fixed): wait for the dialog
  const modal = page.locator('.taro__modal .taro-modal__content');
  await modal.waitFor({ state: 'visible' });
  await expect(modal.locator('.taro-modal__title').textContent()).resolves.toBe(title);
  if (shoot) await shoot();
  await modal.locator('.taro-model__confirm').click();
}
