/**
 * The one place the mini-program takes rules, schemas and wording from @yibao/shared
 * (compiled from shared/src by the build; see config/index.ts `alias`). Pages import
 * from here so that a rename in shared is fixed once.
 */
export {
  ERROR_MESSAGES,
  REASONS,
  FIELD_REASONS,
  RELATION_LABELS,
  kinWord,
  inverseRelation,
  organizerReasons,
  labelPeople,
  labelPerson,
  SCHEME_LABELS,
  STATUS_LABELS,
  PRICE_CATEGORY_LABELS,
  RELATIONS,
  ALLOWED_RELATIONS,
  verifyIdentityBody,
  addMemberBody,
  idempotencyKey,
  SANDBOX_CODE,
  check,
  parseIdNumber,
  isValidPhone,
  isValidName,
  normaliseName,
  currentAndUpcoming,
  activeMaintenance,
  suspension,
  refreshDelayMs,
  insurancePaysAtCounter,
  DEFAULT_QR_TTL_SECONDS,
  REAL_NAME_LIMIT,
  shortOrderNo,
  SELF_PAY_TTL_MINUTES,
} from '@yibao/shared'
