export * from './types';
export * from './time';
export * from './messages';
export * from './reasons';
export * from './identity/idNumber';
export * from './identity/age';
export * from './identity/mask';
export * from './identity/contact';
export * from './schemas/fields';
export * from './schemas/requests';
export * from './schemas/validation';
export * from './schemas/world';
export * from './rules/region';
export * from './rules/family';
export * from './rules/pricing';
export * from './rules/debit';
export * from './rules/waiting';
export * from './rules/order';
export * from './rules/incentives';
export * from './rules/maintenance';
export * from './rules/identity';
export * from './rules/qr';
export * from './rules/settlement';

/** Version of the rule set (POLICY.md as distilled on this date). */
export const RULES_VERSION = '2026.11';
