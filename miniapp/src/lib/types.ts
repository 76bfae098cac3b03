/** Response shapes of the BFF contract (/work/shared/API.md, prefix /api/v1). */

export type Scheme = 'EMPLOYEE' | 'RESIDENT' | 'NONE'
export type InsuranceStatus = 'ACTIVE' | 'SUSPENDED' | 'TERMINATED' | 'NONE'
export type Relation = 'SPOUSE' | 'PARENT' | 'CHILD' | 'SIBLING' | 'GRANDPARENT' | 'GRANDCHILD'
export type MemberStatus = 'ACTIVE' | 'PENDING_CONSENT' | (string & {})

export interface Reason {
  code: string
  message: string
  personId?: string
  field?: string
  rule?: string
}

export interface TokenPair {
  accessToken: string
  refreshToken: string
  expiresIn: number
}

export interface Balances {
  historicalFen: number
  currentFen: number
}

export interface Insurance {
  scheme: Scheme
  status: InsuranceStatus
  region: string
  account?: Balances
}

export interface MePerson {
  personId: string
  maskedName: string
  maskedIdNumber: string
  maskedPhone: string
  gender: 'M' | 'F'
  age: number
  insurance: Insurance
}

export interface Me {
  userId: string
  verified: boolean
  person?: MePerson
}

export interface FamilyModes {
  pay: boolean
  premium: boolean
}

export interface Member {
  memberId: string
  personId: string
  relation: Relation
  status: MemberStatus
  maskedName: string
  maskedIdNumber: string
  age: number
  insurance: Omit<Insurance, 'account'>
}

export interface FamilyList {
  modes: FamilyModes
  members: Member[]
}

export interface AddMemberResult {
  memberId: string
  personId: string
  relation: Relation
  status: MemberStatus
}

export interface Invitation {
  memberId: string
  relation: Relation
  organizer: { maskedName: string }
}

export type ProductKind = 'HUIMINBAO' | 'RESIDENT_PREMIUM'

export interface Product {
  productId: string
  kind: ProductKind
  name: string
  year: number
  opensAt: string
  closesAt: string
}

export interface InsuredEligibility {
  personId: string
  eligible: boolean
  amountFen: number
  category: string
  coverFrom: string | null
  waitingMonths: number
  reasons: Reason[]
}

export interface Eligibility {
  eligible: boolean
  totalFen: number
  balance: Balances
  payer: { reasons: Reason[] }
  insured: InsuredEligibility[]
}

export type PayMethod = 'PERSONAL_ACCOUNT' | 'SELF_PAY'
export type OrderStatus = 'PAID' | 'AWAITING_PAYMENT' | (string & {})

export interface OrderItem {
  personId: string
  amountFen: number
  coverFrom: string | null
}

export interface Order {
  orderId: string
  status: OrderStatus
  totalFen: number
  items: OrderItem[]
  debit?: Balances
  /** Not in the contract's 201 answer, but shown when the BFF sends them. */
  productId?: string
  payMethod?: PayMethod
  createdAt?: string
}

export interface QrToken {
  token: string
  expiresAt: string
}

export interface MaintenanceWindow {
  startsAt: string
  endsAt: string
  message: string
}

export interface Notices {
  maintenance: MaintenanceWindow[]
  suspended: boolean
}
