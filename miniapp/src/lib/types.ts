/**
 * Response shapes of the BFF contract (/work/shared/API.md, prefix /api/v1): inferred from the
 * zod schemas in @yibao/shared (shared/src/contract), never written here. Type-only: nothing of
 * the schemas reaches the bundle through this file. Aliases keep the mini-program's names.
 */
export type { Scheme, InsuranceStatus, Relation, ProductKind, PayMethod } from '@yibao/shared'
export type { ReasonView as Reason } from '@yibao/shared'
export type { TokenPair, Me, MePerson, Verified, PhoneProof } from '@yibao/shared'
export type { BalanceView as Balances, Modes as FamilyModes } from '@yibao/shared'
export type { FamilyMember as Member, ActiveMember, PendingMember, FamilyNetwork as FamilyList, DeclinedMember } from '@yibao/shared'
export type { MemberAdded as AddMemberResult, Invitation, InvitationAnswer, Membership } from '@yibao/shared'
export type { ProductView as Product, Eligibility, InsuredEligibility } from '@yibao/shared'
export type { Order, OrderItem, OrderStatus, PaymentSession } from '@yibao/shared'
export type { QrCode as QrToken, QrStatus } from '@yibao/shared'
export type { Notices, MaintenanceNotice as MaintenanceWindow } from '@yibao/shared'
export type { ErrorBody } from '@yibao/shared'
export type { LedgerEntry, LedgerPage, CitizenSettlement, HospitalRef } from '@yibao/shared'
export type { AccountExport, BindingRecord } from '@yibao/shared'
