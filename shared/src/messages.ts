import type { InsuranceStatus, Relation, Scheme } from './types';

/** Top-level error codes of API.md with the Chinese message a citizen reads. */
export const ERROR_MESSAGES = {
  VALIDATION_FAILED: '填写的信息有误，请按提示修改后再提交',
  IDEMPOTENCY_KEY_REQUIRED: '请求缺少防重复提交标识，请返回后重新提交',
  UNAUTHENTICATED: '登录已失效，请重新登录',
  REAL_NAME_REQUIRED: '请先完成实名认证',
  FORBIDDEN: '您无权进行此操作',
  NOT_FOUND: '未找到相关信息',
  IDENTITY_IN_USE: '该身份已在其他微信账号完成实名认证',
  IDEMPOTENCY_KEY_REUSED: '该次提交已用于其他订单，请重新下单',
  QR_ALREADY_USED: '该医保码已使用，请让患者刷新后重新出示',
  PAYLOAD_TOO_LARGE: '提交的内容过大',
  NOT_ELIGIBLE: '不符合办理条件，请查看具体原因',
  REAL_NAME_MISMATCH: '姓名、身份证号和手机号与医保登记信息不一致',
  QR_INVALID: '医保码无效，请让患者重新出示',
  QR_EXPIRED: '医保码已过期，请让患者刷新后重新出示',
  REAL_NAME_LOCKED: '实名认证失败次数过多，请稍后再试',
  RATE_LIMITED: '操作过于频繁，请稍后再试',
  SERVICE_SUSPENDED: '系统维护中，暂停办理，请在恢复后再试',
  BILL_NO_REUSED: '该账单号已用于另一笔结算，请核对账单号',
  CHECKIN_EXPIRED: '该次就诊签到已超过24小时，请让患者重新出示医保码签到',
  REFUND_WINDOW_CLOSED: '该笔结算已超过24小时，不能在窗口退费，请联系医保经办机构',
  ORDER_EXPIRED: '该订单已超过支付时限，已自动关闭，请重新下单',
  ORDER_CANCELLED: '该订单已取消，不能再支付，请重新下单',
  ORDER_ALREADY_PAID: '该订单已支付，不能取消；如需退保请联系承保机构',
  ORDER_NOT_SELF_PAY: '该订单不是自费订单，无需再次支付',
  PAYMENT_UNAVAILABLE: '暂未开通微信支付，请稍后再试或选择个人账户支付',
  OPEN_OBLIGATIONS: '您还有未完成的订单或可退费的结算，请处理完毕后再注销',
  DATABASE_UNAVAILABLE: '系统正在切换，请稍后重试，不会重复扣款',
  WECHAT_UNAVAILABLE: '微信服务暂时无法连接，请稍后再试',
  WECHAT_CODE_INVALID: '微信登录凭证无效或已使用，请重新进入小程序',
  INTERNAL: '系统繁忙，请稍后再试',
} as const;
export type ErrorCode = keyof typeof ERROR_MESSAGES;

/** Reason codes inside NOT_ELIGIBLE, each with the rule it enforces. */
export const REASONS = {
  ORGANIZER_NOT_EMPLOYEE: { rule: 'P-FAM-1', message: '只有职工医保参保人（有个人账户）才能建立家庭共济' },
  ORGANIZER_NOT_ACTIVE: { rule: 'P-FAM-1', message: '您的职工医保不是正常参保状态，暂不能建立家庭共济' },
  MEMBER_NOT_FOUND: { rule: 'P-FAM-2', message: '未查询到该家庭成员的参保登记信息，请核对姓名和身份证号' },
  MEMBER_NOT_ACTIVE: { rule: 'P-FAM-2', message: '该家庭成员的职工医保不是正常参保状态' },
  RELATION_NOT_ALLOWED: { rule: 'P-FAM-3', message: '当前政策不支持绑定此类亲属关系' },
  RELATION_UNVERIFIED: { rule: 'P-FAM-5', message: '无法核实您与该人员的亲属关系，请核对姓名、身份证号和关系；如信息无误，请携带户口本或关系证明到医保经办机构办理' },
  RELATION_IMPLAUSIBLE: { rule: 'P-FAM-5', message: '亲属关系与出生日期不符（或未到法定婚龄），请核对' },
  REGION_NOT_ALLOWED: { rule: 'P-FAM-4', message: '该家庭成员的参保地不在家庭共济允许的范围内' },
  SELF_BINDING: { rule: 'P-FAM-8', message: '不能绑定自己' },
  DUPLICATE_MEMBER: { rule: 'P-FAM-8', message: '该家庭成员已经绑定或正在等待确认' },
  MEMBER_LIMIT_REACHED: { rule: 'P-FAM-8', message: '家庭成员数量已达上限' },
  PAYER_NOT_EMPLOYEE: { rule: 'P-PAY-1', message: '只有职工医保参保人才能使用个人账户支付' },
  PAYER_NOT_ACTIVE: { rule: 'P-PAY-1', message: '您的职工医保不是正常参保状态，不能使用个人账户支付' },
  PAYER_REGION_NOT_ELIGIBLE: { rule: 'P-PAY-1', message: '您的参保地不在该产品的个人账户支付范围内' },
  NOT_BOUND: { rule: 'P-PAY-2', message: '该人员不是您已生效的家庭共济成员' },
  MODE_NOT_ENABLED: { rule: 'P-PAY-2', message: '请先在家庭共济中开启“共济缴费”' },
  INSURED_NOT_ACTIVE: { rule: 'P-PAY-3', message: '被保险人基本医保不是正常参保状态' },
  INSURED_REGION_NOT_ELIGIBLE: { rule: 'P-PAY-3', message: '被保险人的参保地不在该产品的承保地区' },
  ALREADY_EMPLOYEE_INSURED: { rule: 'P-PAY-4', message: '已参加职工医保，不能再缴纳城乡居民医保' },
  ALREADY_ENROLLED: { rule: 'P-PAY-7', message: '该人员本年度已参保，无需重复缴费' },
  INSUFFICIENT_BALANCE: { rule: 'P-PAY-5', message: '个人账户余额不足以支付全部费用，可选择自费支付' },
  ENROLLMENT_NOT_OPEN: { rule: 'P-PAY-6', message: '该产品尚未开放投保' },
  ENROLLMENT_CLOSED: { rule: 'P-PAY-6', message: '该产品投保期已结束' },
} as const satisfies Record<string, { rule: string; message: string }>;
export type ReasonCode = keyof typeof REASONS;

/** Field reason codes inside VALIDATION_FAILED. */
export const FIELD_REASONS = {
  ID_INVALID: '身份证号码不正确，请核对18位号码（最后一位可能是X）',
  NAME_INVALID: '姓名应为2至30个字，少数民族姓名中间可用“·”',
  PHONE_INVALID: '手机号应为以1开头的11位数字',
  RELATION_INVALID: '请选择与本人的关系',
  FIELD_REQUIRED: '此项必须填写',
  FIELD_INVALID: '此项格式不正确',
  AMOUNT_INVALID: '金额应为不超过10万元的非负整数分（精确到分）',
  COMPLIANT_OVER_TOTAL: '合规金额不能大于总金额',
  PHONE_PROOF_INVALID: '手机号验证已失效，请重新获取微信手机号',
} as const;
export type FieldReasonCode = keyof typeof FIELD_REASONS;

export const RELATION_LABELS: Record<Relation | 'SELF', string> = {
  SELF: '本人',
  SPOUSE: '配偶',
  PARENT: '父母',
  CHILD: '子女',
  SIBLING: '兄弟姐妹',
  GRANDPARENT: '祖父母/外祖父母',
  GRANDCHILD: '孙子女/外孙子女',
};

export const SCHEME_LABELS: Record<Scheme, string> = {
  EMPLOYEE: '职工医保',
  RESIDENT: '城乡居民医保',
  NONE: '未参保',
};

export const STATUS_LABELS: Record<InsuranceStatus, string> = {
  ACTIVE: '正常参保',
  SUSPENDED: '中断',
  TERMINATED: '终止',
  NONE: '未参保',
};

export const PRICE_CATEGORY_LABELS: Record<string, string> = {
  DEFAULT: '统一价格',
  ADULT: '成年居民',
  STUDENT_CHILD: '学生儿童',
  TEKUN: '特困人员',
  DIBAO: '低保对象',
  DIBAO_EDGE: '低保边缘',
};
