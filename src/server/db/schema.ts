import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { ItemContent, VersionStatus } from '../../core/catalogue/types.js';
import type { BundleContent } from '../../core/bundles/types.js';
import type { LicenceFieldDef, LicencePayload, LicenceType, ValidityRule } from '../../core/licences/types.js';
import type { AgentScope } from '../../core/agents/scope.js';

/** Kysely table types: the one place that says what each table holds. Keep in step with migrations/. */
/** A timestamptz with a default (optional on insert). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A timestamptz that must be given on insert. */
type RequiredTimestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;

export type StaffRole =
  | 'window_clerk'
  | 'approver_handle'
  | 'approver_review'
  | 'approver_signoff'
  | 'catalogue_admin'
  | 'hall_admin'
  | 'supervisor'
  | 'system_admin'
  | 'security_admin'
  | 'audit_admin';

export type UserKind = 'staff' | 'natural_person' | 'legal_person';
export type OrgKind = 'government' | 'department' | 'hall';

export interface RegionsTable {
  code: string;
  name: string;
  level: number;
  parent_code: string | null;
  code_version: Generated<string>;
}

export interface OrgsTable {
  id: Generated<string>;
  kind: OrgKind;
  name: string;
  short_name: string;
  region_code: string;
  parent_id: string | null;
  path: string;
  credit_code: string | null;
  key: string | null;
  created_at: Timestamp;
  /** Optional English name (ADR 0014). */
  name_en: string | null;
}

export interface WindowsTable {
  id: Generated<string>;
  hall_id: string;
  number: string;
  name: string;
  category: string;
  comprehensive: Generated<boolean>;
}

export interface UsersTable {
  id: Generated<string>;
  kind: UserKind;
  username: string;
  password_hash: string;
  display_name: string;
  phone: string | null;
  email: string | null;
  /** id_number, phone, legal_representative and address hold SM4 envelopes (src/server/crypto, ADR 0011). */
  id_number: string | null;
  /** Blind index (HMAC-SM3) of the ID number: unique, for exact look-ups. */
  id_number_bidx: string | null;
  credit_code: string | null;
  legal_representative: string | null;
  address: string | null;
  org_id: string | null;
  window_id: string | null;
  failed_logins: Generated<number>;
  locked_until: NullableTimestamp;
  disabled: Generated<boolean>;
  created_at: Timestamp;
  /** Second factor (TOTP, RFC 6238): the base32 secret once enrolled, the one being enrolled. */
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_enabled_at: NullableTimestamp;
  /** When the owner chose the password (registration, 认领账号); NULL for an account registered at the window and not yet claimed (ADR 0014). */
  password_set_at: NullableTimestamp;
}

export interface StaffRolesTable {
  user_id: string;
  role: StaffRole;
  scope_org_id: string;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: RequiredTimestamp;
  ip: string | null;
}

/** A kiosk session (自助终端, ADR 0036): its own table, never a full login; only the token's hash is kept. */
export interface KioskSessionsTable {
  id: string;
  user_id: string;
  created_at: RequiredTimestamp;
  last_seen_at: RequiredTimestamp;
  expires_at: RequiredTimestamp;
  ip: string | null;
}

/** The security audit log: append-only (a trigger refuses UPDATE/DELETE/TRUNCATE), SM3 hash-chained by seq (ADR 0010). */
export interface AuditEventsTable {
  id: Generated<number>;
  seq: number;
  at: Timestamp;
  kind: string;
  user_id: string | null;
  username: string | null;
  ip: string | null;
  object_type: string | null;
  object_id: string | null;
  detail: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

/** The audit chain's head (one row, id 1): the last entry's seq and hash; each append locks and moves it. */
export interface AuditChainHeadTable {
  id: number;
  seq: number;
  hash: string;
}

/** Fixed-window counters for throttles, keyed `purpose:subject` (e.g. `login-ip:203.0.113.7`). */
export interface ThrottleCountersTable {
  key: string;
  window_start: RequiredTimestamp;
  count: number;
}

/** SMS codes (registration, password reset), stored only as hashes. */
export interface VerificationCodesTable {
  id: Generated<string>;
  purpose: 'register' | 'password_reset' | 'account_claim' | 'kiosk_login' | 'assist_confirm';
  user_id: string | null;
  code_hash: string | null;
  payload: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  attempts: Generated<number>;
  created_at: RequiredTimestamp;
  expires_at: RequiredTimestamp;
  consumed_at: NullableTimestamp;
}

export interface TotpUsedStepsTable {
  user_id: string;
  /** The TOTP time step (30 s periods since 1970). */
  step: number;
}

export interface RecoveryCodesTable {
  user_id: string;
  code_hash: string;
  used_at: NullableTimestamp;
}

export interface SecondFactorResetsTable {
  id: Generated<string>;
  target_user_id: string;
  requested_by: string;
  requested_at: RequiredTimestamp;
  approved_by: string | null;
  approved_at: NullableTimestamp;
}

export interface BaseItemsTable {
  id: Generated<string>;
  base_code: string;
  main_name: string;
  sub_name: string | null;
  item_type: string;
  created_at: Timestamp;
}

export interface ItemImplsTable {
  id: Generated<string>;
  base_item_id: string;
  org_id: string;
  region_code: string;
  level: string;
  impl_code: string;
  published_version_id: string | null;
  created_at: Timestamp;
}

export interface ItemVersionsTable {
  id: Generated<string>;
  impl_id: string;
  version_no: number;
  status: VersionStatus;
  content: Json<ItemContent>;
  search_text: Generated<string>;
  revision: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  submitted_at: NullableTimestamp;
  published_at: NullableTimestamp;
  published_by: string | null;
  retired_at: NullableTimestamp;
  review_comment: string | null;
}

/** 四眼原则 per region (finding 16): a row switches publication by a second person off, with a reason. */
export interface CatalogueRegionSettingsTable {
  region_code: string;
  four_eyes: Generated<boolean>;
  reason: string | null;
  changed_by: string | null;
  changed_at: Timestamp;
}

export interface ItemVersionEventsTable {
  id: Generated<number>;
  version_id: string;
  action: string;
  actor_id: string | null;
  comment: string | null;
  at: Timestamp;
}

export interface CalendarYearsTable {
  year: number;
  source: string;
  holidays: Json<{ date: string; name: string }[]>;
  workdays: Json<{ date: string; name: string }[]>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface FilesTable {
  id: string;
  size: number;
  mime: string;
  created_at: Timestamp;
}

/** One upload of a (content-addressed) file by one account: who may attach it or read it unattached. */
export interface FileUploadsTable {
  file_id: string;
  uploaded_by: string;
  created_at: Timestamp;
}

export interface CasesTable {
  id: Generated<string>;
  case_no: string | null;
  query_code: string | null;
  impl_id: string;
  version_id: string;
  org_id: string;
  org_path: string;
  region_code: string;
  applicant_id: string;
  channel: 'online' | 'window' | 'terminal' | 'mobile';
  window_id: string | null;
  state: string;
  snapshot: Json<Record<string, unknown>>;
  /** Sealed: `{"$sealed": "<SM4 envelope>"}`; read it through openFormData (src/server/crypto/personal-data.ts). */
  form_data: Json<Record<string, unknown>>;
  situation_answers: Json<Record<string, string[]>>;
  title: string;
  submitted_at: NullableTimestamp;
  accepted_on: string | null;
  due_date: string | null;
  decided_on: string | null;
  completed_at: NullableTimestamp;
  current_step: string | null;
  claimed_by: string | null;
  lock_version: Generated<number>;
  /** The timeline head: seq and SM3 hash of the case's last event (0 and the genesis hash before any). */
  event_seq: Generated<number>;
  event_hash: Generated<string>;
  /** Public progress read model: the public view of each event (see publicEventOf), stored as json text. */
  public_timeline: ColumnType<PublicEvent[], string | undefined, string>;
  /** The title the public look-up shows (neutral for sensitive items); set by a trigger on insert. */
  /** What the public look-up names the case by (set by the submission, or by a trigger for other writers). */
  public_title: ColumnType<string | null, string | undefined, never>;
  /** Background SM3 audit of the timeline: checked up to this seq, when, and whether it held. */
  timeline_checked_seq: Generated<number>;
  timeline_checked_at: NullableTimestamp;
  timeline_ok: boolean | null;
  /** A 一件事 member case names its bundle (set when the bundle files it; ADR 0028). */
  bundle_case_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One event as the public progress page shows it: what happened and when, never who or their remarks. */
export interface PublicEvent {
  seq: number;
  at: string;
  action: string;
  labelZh: string;
  labelEn: string;
  toState: string;
  actorName: null;
  actorRole: string;
  comment: null;
  files: never[];
  data: Record<string, never>;
}

export interface CaseEventsTable {
  id: Generated<number>;
  case_id: string;
  seq: number;
  at: RequiredTimestamp;
  actor_id: string | null;
  actor_role: string;
  actor_name: string | null;
  org_id: string | null;
  action: string;
  from_state: string | null;
  to_state: string;
  comment: string | null;
  files: Json<{ id: string; name: string }[]>;
  data: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

export interface CaseMaterialsTable {
  id: Generated<string>;
  case_id: string;
  material_id: string;
  file_id: string | null;
  file_name: string | null;
  uploaded_by: string | null;
  /** 我的材料: the library entry this file was taken from (ADR 0038); null for an upload. */
  library_id: Generated<string | null>;
  created_at: Timestamp;
}

export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  case_id: string;
  created_at: Timestamp;
}

export interface CaseNoSequencesTable {
  prefix: string;
  last_seq: number;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: string;
  case_id: string | null;
  kind: string;
  title: string;
  body: string;
  read_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface OutboxTable {
  id: Generated<number>;
  topic: string;
  payload: Json<Record<string, unknown>>;
  created_at: Timestamp;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  delivered_at: NullableTimestamp;
  last_error: string | null;
}

export interface CaseWarningsTable {
  case_id: string;
  threshold: 'near_due' | 'overdue' | 'intake_deemed';
  due_date: string | null;
  created_at: Timestamp;
}

export interface CommitmentChecksTable {
  id: Generated<string>;
  case_id: string;
  org_path: string;
  material_ids: Json<string[]>;
  status: Generated<'pending' | 'verified' | 'false'>;
  note: string | null;
  checked_by: string | null;
  checked_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface CreditRecordsTable {
  id: Generated<string>;
  user_id: string;
  case_id: string | null;
  kind: string;
  reason: string;
  created_at: Timestamp;
}

/** 电子证照 (issue 11, ADR 0021). */
export interface LicenceTypesTable {
  code: string;
  name: string;
  name_en: string;
  issuer_kind: string;
  fields: Json<LicenceFieldDef[]>;
  validity: Json<ValidityRule>;
  issuing_base_codes: ColumnType<string[], string | undefined, string>;
  created_at: Timestamp;
  updated_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** 证照类型 changes (ADR 0039): proposed by one catalogue administrator, applied or rejected by another. */
export interface LicenceTypeChangesTable {
  id: Generated<string>;
  type_code: string;
  before: ColumnType<LicenceType | null, string | null, string | null>;
  after: Json<LicenceType>;
  reason: string;
  proposed_by: string;
  proposed_by_name: string;
  proposed_at: RequiredTimestamp;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: NullableTimestamp;
  outcome: 'applied' | 'rejected' | null;
  decision_note: string | null;
}

export interface SigningKeysTable {
  id: string;
  org_id: string;
  public_key: string;
  private_key_sealed: string;
  created_at: Timestamp;
  retired_at: NullableTimestamp;
}

export interface LicenceSerialsTable {
  type_code: string;
  issuer_credit_code: string;
  last_serial: ColumnType<string | number, number, number>;
}

export interface LicencesTable {
  id: Generated<string>;
  identifier: string;
  lineage: string;
  version: number;
  type_code: string;
  holder_id: string;
  issuer_org_id: string;
  case_id: string | null;
  payload: Json<LicencePayload>;
  canonical: string;
  signature: string;
  key_id: string;
  data: Json<Record<string, unknown>>;
  issued_on: string;
  valid_from: string;
  valid_until: string | null;
  revoked_on: string | null;
  revoke_reason: string | null;
  superseded_on: string | null;
  created_at: Timestamp;
}

export interface LicenceEventsTable {
  id: Generated<string>;
  lineage: string;
  seq: number;
  at: RequiredTimestamp;
  kind: string;
  user_id: string | null;
  username: string | null;
  object_id: string;
  detail: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

export interface CaseLicenceUsesTable {
  case_id: string;
  material_id: string;
  licence_id: string;
  identifier: string;
  version: number;
  created_at: Timestamp;
}

export interface DocumentSealsTable {
  id: Generated<string>;
  sha: string;
  kind: string;
  title: string;
  org_id: string;
  key_id: string;
  signature: string;
  case_id: string | null;
  licence_id: string | null;
  created_at: Timestamp;
}

/** 经办人: an enterprise's agents with scope and last day (ADR 0037). Days are 'YYYY-MM-DD' (Beijing). */
export interface EnterpriseAgentsTable {
  id: Generated<string>;
  enterprise_id: string;
  agent_id: string;
  scope: ColumnType<AgentScope, string, string>;
  valid_from: string;
  valid_until: string;
  created_at: Timestamp;
  revoked_at: NullableTimestamp;
}

/** 帮办代办: a hall assistant's authorisation to file one case for a person (委托书 or SMS confirmation, ADR 0037). */
export interface AssistAuthorisationsTable {
  id: Generated<string>;
  clerk_id: string;
  applicant_id: string;
  kind: 'letter' | 'sms';
  file_id: string | null;
  file_name: string | null;
  verification_id: string | null;
  confirmed_at: NullableTimestamp;
  /** Claimed by a filing (before the case is written; released if the write fails). */
  used_at: NullableTimestamp;
  case_id: string | null;
  /** The 一件事 bundle case a clerk filed with it (ADR 0041); never together with case_id. */
  bundle_case_id: string | null;
  created_at: RequiredTimestamp;
  expires_at: RequiredTimestamp;
}

export interface Database {
  enterprise_agents: EnterpriseAgentsTable;
  assist_authorisations: AssistAuthorisationsTable;
  regions: RegionsTable;
  orgs: OrgsTable;
  windows: WindowsTable;
  users: UsersTable;
  staff_roles: StaffRolesTable;
  sessions: SessionsTable;
  kiosk_sessions: KioskSessionsTable;
  audit_events: AuditEventsTable;
  audit_chain_head: AuditChainHeadTable;
  throttle_counters: ThrottleCountersTable;
  verification_codes: VerificationCodesTable;
  totp_used_steps: TotpUsedStepsTable;
  recovery_codes: RecoveryCodesTable;
  second_factor_resets: SecondFactorResetsTable;
  base_items: BaseItemsTable;
  item_impls: ItemImplsTable;
  item_versions: ItemVersionsTable;
  item_version_events: ItemVersionEventsTable;
  catalogue_region_settings: CatalogueRegionSettingsTable;
  calendar_years: CalendarYearsTable;
  files: FilesTable;
  file_uploads: FileUploadsTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  case_materials: CaseMaterialsTable;
  idempotency_keys: IdempotencyKeysTable;
  case_no_sequences: CaseNoSequencesTable;
  notifications: NotificationsTable;
  outbox: OutboxTable;
  case_warnings: CaseWarningsTable;
  commitment_checks: CommitmentChecksTable;
  credit_records: CreditRecordsTable;
  search_synonyms: SearchSynonymsTable;
  accountability_settings: AccountabilitySettingsTable;
  ratings: RatingsTable;
  rating_tokens: RatingTokensTable;
  rectifications: RectificationsTable;
  rating_appeals: RatingAppealsTable;
  complaints: ComplaintsTable;
  supervision_hits: SupervisionHitsTable;
  supervision_settings: SupervisionSettingsTable;
  supervision_orders: SupervisionOrdersTable;
  supervision_order_entries: SupervisionOrderEntriesTable;
  bundles: BundlesTable;
  bundle_versions: BundleVersionsTable;
  bundle_version_events: BundleVersionEventsTable;
  bundle_cases: BundleCasesTable;
  bundle_members: BundleMembersTable;
  bundle_events: BundleEventsTable;
  bundle_corrections: BundleCorrectionsTable;
  hall_settings: HallSettingsTable;
  hall_categories: HallCategoriesTable;
  ticket_counters: TicketCountersTable;
  hall_tickets: HallTicketsTable;
  hall_ticket_cases: HallTicketCasesTable;
  window_openings: WindowOpeningsTable;
  hall_bookings: HallBookingsTable;
  hall_slot_counts: HallSlotCountsTable;
  licence_types: LicenceTypesTable;
  licence_type_changes: LicenceTypeChangesTable;
  signing_keys: SigningKeysTable;
  licence_serials: LicenceSerialsTable;
  licences: LicencesTable;
  licence_events: LicenceEventsTable;
  case_licence_uses: CaseLicenceUsesTable;
  document_seals: DocumentSealsTable;
  data_access_log: DataAccessLogTable;
  case_data_uses: CaseDataUsesTable;
  case_draft_uses: CaseDraftUsesTable;
  bundle_drafts: BundleDraftsTable;
  applicant_profiles: ApplicantProfilesTable;
  applicant_profile_changes: ApplicantProfileChangesTable;
  library_materials: LibraryMaterialsTable;
}

/** Reuse (issue 10, ADR 0027): the applicant's kept facts, one sealed record (`{"$sealed": …}`) per account. */
export interface ApplicantProfilesTable {
  user_id: string;
  data: Json<unknown>;
  updated_at: Timestamp;
}

/** 我的资料 (ADR 0045): one row per saved change of a profile; `data` seals the values before and after. */
export interface ApplicantProfileChangesTable {
  id: Generated<string>; // bigserial, in saving order
  user_id: string;
  at: Timestamp;
  source: 'profile' | 'application';
  keys: Json<string[]>;
  data: Json<unknown>;
}

/** 我的材料: a material handed in on an accepted case, reusable by its owner while valid. */
export interface LibraryMaterialsTable {
  id: Generated<string>;
  owner_id: string;
  code: string;
  name: string;
  form: string | null;
  file_id: string;
  file_name: string;
  source_case_id: string;
  source_material_id: string;
  accepted_on: string;
  valid_until: string | null;
  created_at: Timestamp;
}

/** 一件事 bundles (issue 10, ADR 0025). */
export interface BundlesTable {
  id: Generated<string>;
  code: string;
  org_id: string;
  region_code: string;
  published_version_id: string | null;
  created_at: Timestamp;
}

export interface BundleVersionsTable {
  id: Generated<string>;
  bundle_id: string;
  version_no: number;
  status: VersionStatus;
  content: Json<BundleContent>;
  revision: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  submitted_at: NullableTimestamp;
  published_at: NullableTimestamp;
  published_by: string | null;
  retired_at: NullableTimestamp;
  review_comment: string | null;
}

export interface BundleVersionEventsTable {
  id: Generated<number>;
  version_id: string;
  action: string;
  actor_id: string | null;
  comment: string | null;
  at: Timestamp;
}

export interface BundleCasesTable {
  id: string;
  case_no: string;
  query_code: string;
  bundle_id: string;
  version_id: string;
  org_path: string;
  title: string;
  applicant_id: string;
  submitted_by: string;
  channel: 'online' | 'window';
  answers: Json<Record<string, string[]>>;
  form_data: Json<Record<string, unknown>>;
  /** Materials handed in once for the bundle: by material code, the file and its source. */
  materials: Json<BundleMaterialRecord[]>;
  refusal_policy: 'continue' | 'stop';
  limit_days: number;
  submitted_on: string;
  due_date: string;
  state: string;
  withdrawn: Generated<boolean>;
  delivery: Json<{ method: string; trackingNo?: string; at: string } | null> | null;
  /** 免证办 (ADR 0044): licence and data uses by material code; the member cases a material serves use them. */
  fulfilments: ColumnType<BundleFulfilment[], string | undefined, string>;
  idempotency_key: string | null;
  lock_version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A merged material fulfilled without an upload: by one of the applicant's licences, or by a data read for a purpose. */
export type BundleFulfilment = { code: string; by: 'licence'; identifier: string } | { code: string; by: 'data'; purpose: string };

/** A saved 一件事 application (ADR 0044): the applicant's alone, pinned to the bundle version it was saved against. */
export interface BundleDraftsTable {
  id: string;
  applicant_id: string;
  bundle_id: string;
  version_id: string;
  answers: Json<Record<string, string[]>>;
  form_data: Json<Record<string, unknown>>;
  materials: Json<{ code: string; fileId: string; fileName: string }[]>;
  from_library: Json<{ code: string; libraryId: string }[]>;
  licences: Json<{ code: string; identifier: string }[]>;
  data_uses: Json<{ code: string; purpose: string }[]>;
  bundle_case_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** An item draft's licence and data uses (ADR 0044), checked when saved and again when submitted. */
export interface CaseDraftUsesTable {
  case_id: string;
  material_id: string;
  kind: 'licence' | 'data';
  identifier: string | null;
  purpose: string | null;
}

export interface BundleMaterialRecord {
  code: string;
  fileId: string;
  fileName: string;
  /** Taken from the applicant's library (我的材料, ADR 0027) rather than uploaded. */
  libraryId?: string;
  sourceCaseNo?: string | null;
}

export interface BundleMembersTable {
  bundle_case_id: string;
  member_key: string;
  position: number;
  impl_id: string;
  org_path: string;
  depends_on: Json<string[]>;
  case_id: string | null;
  started_at: NullableTimestamp;
  note: string | null;
}

export interface BundleEventsTable {
  id: Generated<number>;
  bundle_case_id: string;
  at: RequiredTimestamp;
  action: string;
  actor_id: string | null;
  actor_name: string | null;
  member_key: string | null;
  comment: string | null;
  data: Json<Record<string, unknown>>;
}

export interface BundleCorrectionItem {
  memberKey: string;
  materialId: string;
  reason: string;
  addedBy: string;
  addedByName: string;
}

export interface BundleCorrectionsTable {
  id: Generated<string>;
  bundle_case_id: string;
  status: 'open' | 'sent' | 'answered';
  items: Json<BundleCorrectionItem[]>;
  opened_at: RequiredTimestamp;
  sent_at: NullableTimestamp;
  answered_at: NullableTimestamp;
}

/* The service hall (issue 13, ADR 0023). Dates are 'YYYY-MM-DD' strings (Beijing days). */
export interface HallSettingsTable {
  hall_id: string;
  priority_booking: Generated<boolean>;
  elderly_age: number | null;
  priority_disabled: Generated<boolean>;
  no_show_limit: Generated<number>;
  no_show_period_days: Generated<number>;
  no_show_block_days: Generated<number>;
  updated_at: Timestamp;
}

export interface HallCategoriesTable {
  hall_id: string;
  category: string;
  letter: string;
  name_en: string | null;
  open: Generated<boolean>;
  slot_capacity: Generated<number>;
  sort: Generated<number>;
}

export interface TicketCountersTable {
  hall_id: string;
  category: string;
  day: string;
  last_seq: number;
}

export type TicketState = 'waiting' | 'called' | 'done' | 'no_show';
export type TicketPriority = 'transfer' | 'booking' | 'elderly' | 'disabled';

export interface HallTicketsTable {
  id: Generated<string>;
  hall_id: string;
  day: string;
  /** The category the number was issued in (numbers are per issued category and day). */
  issued_category: string;
  seq: number;
  number: string;
  /** The category it waits or is served in now (changes on transfer). */
  category: string;
  state: Generated<TicketState>;
  priority: TicketPriority | null;
  rank: number;
  /** Order within a rank: issue order, renewed on transfer (a sequence, not the clock). */
  queue_order: Generated<number>;
  queued_at: RequiredTimestamp;
  issued_at: RequiredTimestamp;
  target_window_id: string | null;
  window_id: string | null;
  clerk_id: string | null;
  first_called_at: NullableTimestamp;
  called_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  calls: Generated<number>;
  transfers: Generated<number>;
  /** Sealed like users.id_number (ADR 0011), with its blind index. */
  id_number: string | null;
  id_number_bidx: string | null;
  credit_code: string | null;
  booking_id: string | null;
  /** Random token of the applicant's phone page (the QR on the ticket). */
  view_token: string;
  kiosk: string | null;
}

export interface HallTicketCasesTable {
  ticket_id: string;
  case_id: string;
  linked_by: string | null;
  linked_at: Timestamp;
}

export interface WindowOpeningsTable {
  window_id: string;
  hall_id: string;
  clerk_id: string;
  categories: Json<string[]>;
  opened_at: RequiredTimestamp;
}

export type BookingState = 'active' | 'checked_in' | 'cancelled' | 'no_show';

export interface HallBookingsTable {
  id: Generated<string>;
  hall_id: string;
  category: string;
  impl_id: string | null;
  bundle_id: Generated<string | null>;
  applicant_id: string;
  day: string;
  slot_start: string;
  slot_end: string;
  state: Generated<BookingState>;
  check_in_code: string;
  ticket_id: string | null;
  reminded_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface HallSlotCountsTable {
  hall_id: string;
  category: string;
  day: string;
  slot_start: string;
  booked: Generated<number>;
}

/** One group of portal search synonyms (检索同义词), e.g. ["低保", "最低生活保障"]. */
export interface SearchSynonymsTable {
  id: Generated<number>;
  terms: Json<string[]>;
  updated_by: string | null;
  updated_at: Generated<Date>;
}

export type CaseRow = Selectable<CasesTable>;
export type CaseEventRow = Selectable<CaseEventsTable>;

export type UserRow = Selectable<UsersTable>;
export type OrgRow = Selectable<OrgsTable>;
export type ItemVersionRow = Selectable<ItemVersionsTable>;
export type NewUser = Insertable<UsersTable>;

/** 好差评, 咨询投诉 deadlines per region (issue 12, ADR 0024); a region without a row uses the defaults. */
export interface AccountabilitySettingsTable {
  region_code: string;
  revisit_days: Generated<number>;
  rectify_days: Generated<number>;
  complaint_days: Generated<number>;
  updated_by: string | null;
  updated_at: Timestamp;
}

/** 好差评: one rating per service (the case, or the window service at intake), plus a 追评 and a re-rating. */
export interface RatingsTable {
  id: Generated<string>;
  /** `bundle`: a 一件事 rated as one service (ADR 0043); then `bundle_case_id` is set and `case_id` is null. */
  service_kind: 'case' | 'window' | 'bundle';
  case_id: string | null;
  bundle_case_id: Generated<string | null>;
  org_id: string;
  org_path: string;
  region_code: string;
  window_id: string | null;
  staff_id: string | null;
  rater_id: string | null;
  anonymous: Generated<boolean>;
  level: number;
  tags: Json<string[]>;
  comment: string | null;
  channel: 'online' | 'tablet' | 'sms';
  follow_up_of: string | null;
  kind: Generated<'rating' | 'follow_up' | 're_rating'>;
  rated_on: string;
  created_at: Timestamp;
  /** Set when an appeal (申诉) was accepted: the rating stays visible, marked, and leaves the figures. */
  removed_at: NullableTimestamp;
  removed_reason: string | null;
  /** The hall ticket whose window service was rated (handed over from the window desk). */
  ticket_id: Generated<string | null>;
}

/** A signed one-time SMS rating link: only the token's hash is kept. */
export interface RatingTokensTable {
  token_hash: string;
  case_id: string | null;
  bundle_case_id: Generated<string | null>;
  service_kind: 'case' | 'window' | 'bundle';
  created_at: Timestamp;
  expires_at: RequiredTimestamp;
  used_at: NullableTimestamp;
  /** Handed over on the window's tablet, or sent by SMS. */
  channel: Generated<'sms' | 'tablet'>;
  /** The ticket served, when the window desk handed the tablet over. */
  ticket_id: Generated<string | null>;
}

/** 差评整改: 回访 (named ratings) then rectification, each with a working-day deadline. */
export interface RectificationsTable {
  id: Generated<string>;
  rating_id: string;
  /** The rated case, or (a bundle rating, ADR 0043) the bundle case. */
  case_id: string | null;
  bundle_case_id: Generated<string | null>;
  org_id: string;
  org_path: string;
  named: boolean;
  status: Generated<'open' | 'revisited' | 'rectified' | 'withdrawn'>;
  revisit_due: string | null;
  revisited_at: NullableTimestamp;
  revisited_on: string | null;
  revisited_by: string | null;
  revisit_outcome: string | null;
  rectify_due: string;
  rectified_at: NullableTimestamp;
  rectified_on: string | null;
  rectified_by: string | null;
  rectification: string | null;
  re_rating_requested_at: NullableTimestamp;
  created_at: Timestamp;
}

/** 申诉: a department contests a rating it considers malicious; the supervisor decides. */
export interface RatingAppealsTable {
  id: Generated<string>;
  rating_id: string;
  org_path: string;
  reason: string;
  evidence: Json<{ fileId: string; name: string }[]>;
  filed_by: string;
  filed_at: Timestamp;
  status: Generated<'pending' | 'accepted' | 'rejected'>;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  decision_note: string | null;
}

/** 咨询投诉: a consultation or complaint, dispatched to the responsible department. */
export interface ComplaintsTable {
  id: Generated<string>;
  kind: 'consultation' | 'complaint';
  subject_kind: 'case' | 'item' | 'window' | 'staff' | 'general';
  case_id: string | null;
  impl_id: string | null;
  window_id: string | null;
  staff_id: string | null;
  org_id: string;
  org_path: string;
  region_code: string;
  complainant_id: string | null;
  complainant_name: string | null;
  /** Sealed (SM4 envelope) like other personal data. */
  complainant_phone: string | null;
  entered_by: string | null;
  channel: 'online' | 'phone' | 'window';
  content: string;
  submitted_at: RequiredTimestamp;
  submitted_on: string;
  due_on: string;
  status: Generated<'open' | 'replied' | 'closed'>;
  reply: string | null;
  replied_at: NullableTimestamp;
  replied_on: string | null;
  replied_by: string | null;
  satisfaction: 'satisfied' | 'dissatisfied' | null;
  reopened: Generated<number>;
  created_at: Timestamp;
}

/** 数据共享 (issue 11): one read of a shared data source for a case; append-only (a trigger refuses UPDATE/DELETE/TRUNCATE). */
export interface DataAccessLogTable {
  /** The query id. */
  id: string;
  at: RequiredTimestamp;
  actor_id: string;
  actor_name: string;
  actor_role: string;
  org_id: string | null;
  org_name: string | null;
  case_id: string;
  case_no: string | null;
  /** The person the data is about: the case's applicant. */
  subject_id: string;
  purpose: string;
  source: string;
  source_owner: string;
  /** Keys of the data items the source returned (never their values). */
  fields: Json<string[]>;
  outcome: 'answered' | 'failed';
  error: string | null;
  /** 免证办: the catalogue material the answer stands in for. */
  material_id: string | null;
  /** SM3 of the answer's canonical JSON, so a stored answer can be shown to be the one returned. */
  answer_digest: string | null;
}

/** 督办: a supervision order (append-only; its state is the fold of its entries). */
export interface SupervisionOrdersTable {
  id: Generated<string>;
  order_no: string;
  target_type: 'case' | 'department';
  case_id: string | null;
  org_id: string;
  org_path: string;
  region_code: string;
  issued_by: string;
  deadline_days: number;
  subject: string;
  created_at: Timestamp;
}

/** 督办留痕: one step of an order (append-only, numbered per order). */
export interface SupervisionOrderEntriesTable {
  id: Generated<number>;
  order_id: string;
  seq: number;
  kind: 'issued' | 'responded' | 'returned' | 'closed' | 'escalated';
  actor_id: string | null;
  body: string | null;
  due_on: string | null;
  on_date: string;
  at: RequiredTimestamp;
}

/** 电子监察: one hit per object and rule (unique), against an org and, where known, a person. */
export interface SupervisionHitsTable {
  id: Generated<number>;
  rule: string;
  object_type: 'case' | 'rectification' | 'complaint';
  object_id: string;
  org_id: string;
  org_path: string;
  staff_id: string | null;
  severity: 'yellow' | 'red';
  detected_on: string;
  created_at: Timestamp;
}

/** 电子监察 settings of a region (ADR 0031): card thresholds and rule limits; a region without a row follows its ancestors. */
export interface SupervisionSettingsTable {
  region_code: string;
  yellow_at: number;
  red_at: number;
  stale_red_days: number;
  special_procedure_days: number;
  unclaimed_days: number;
  updated_by: string;
  updated_at: Timestamp;
}

/** 免证办 via data (ADR 0030): the read that fulfilled a material of a case at filing. */
export interface CaseDataUsesTable {
  case_id: string;
  material_id: string;
  /** The data_access_log entry of the read. */
  query_id: string;
  source: string;
  purpose: string;
  fields: Json<string[]>;
  /** The answer, sealed (`{"$sealed": …}`, purpose `case_data_uses.answer`). */
  answer: Json<Record<string, unknown>>;
  answer_digest: string;
  at: RequiredTimestamp;
}
