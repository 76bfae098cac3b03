import { consentMessage, familyPaymentMessage, invitationMessage, messageAmount, messageTime, refundMessage } from './messages';

const AT = new Date('2026-11-24T02:05:00Z'); // 10:05 in Shanghai

describe('subscription-message fields (API.md WeChat, Messages: data never holds a full ID or phone)', () => {
  it('time in Shanghai, amounts in yuan from integer fen', () => {
    expect(messageTime(AT)).toBe('2026-11-24 10:05');
    expect([0, 5, 5900, 123456].map(messageAmount)).toEqual(['¥0.00', '¥0.05', '¥59.00', '¥1234.56']);
  });

  it('INVITATION opens the consent page of the binding and says what the organizer is to the invitee', () => {
    expect(invitationMessage('m_1', '王**', 'PARENT', AT)).toEqual({
      page: 'pages/consent/index?memberId=m_1',
      data: { thing1: '王**邀请您加入家庭共济', thing2: '子女', time3: '2026-11-24 10:05' },
    });
  });

  it('CONSENT names the member (masked) and the answer; FAMILY_PAYMENT counts the members; REFUND the amount back', () => {
    expect(consentMessage('李**', 'PARENT', false, AT).data).toEqual({ thing1: '李**（父母）', phrase2: '已拒绝', time3: '2026-11-24 10:05' });
    expect(familyPaymentMessage('共济缴费', ['王*', '李**'], 11800, AT).data).toEqual({ thing1: '共济缴费：王*等2人', amount2: '¥118.00', time3: '2026-11-24 10:05' });
    expect(refundMessage('医院退费', 3000, AT)).toEqual({ page: 'pages/mine/index', data: { thing1: '医院退费', amount2: '¥30.00', time3: '2026-11-24 10:05' } });
  });

  it('a thing field stays within WeChat\'s 20 characters', () => {
    const long = familyPaymentMessage('为家人缴纳城乡居民基本医疗保险费用', ['王**'], 100, AT).data.thing1;
    expect(long.length).toBeLessThanOrEqual(20);
    expect(long.endsWith('…')).toBe(true);
  });
});
