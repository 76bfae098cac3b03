import { describe, expect, it } from '@jest/globals';
import { api } from './support/bff';
import { apiCitizen, eventually, fillVerify, find, signIn, verifyInUi } from './support/flows';
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
    await j.shot(page, 'invitation');
    await page.click('.page-consent .js-consent-accept');
    await page.locator('.page-consent .js-consent-done').waitFor();
    await j.shot(page, 'accepted');

    // the server agrees
    await eventually(
      () => api(j.bff.url, 'GET', '/family/members', undefined, organizer),
      (list) => expect(list.body.members.map((m: { memberId: string; status: string }) => [m.memberId, m.status])).toEqual([[memberId, 'ACTIVE']]),
    );
  });
});
