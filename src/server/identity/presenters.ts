import type { UserRow } from '../db/schema.js';
import { maskIdNumber, maskPhone } from '../../core/codes/mask.js';
import type { Actor } from '../policies/actor.js';
import { openUser } from '../crypto/personal-data.js';

/**
 * The one place that turns a user row into a response and masks personal data
 * (身份证号 110105********002X, phone 138****1234). Full values go only to the person themself.
 */
export interface UserView {
  id: string;
  kind: UserRow['kind'];
  username: string;
  displayName: string;
  phone: string | null;
  email: string | null;
  idNumber: string | null;
  creditCode: string | null;
  legalRepresentative: string | null;
  orgId: string | null;
  disabled: boolean;
  masked: boolean;
}

export function presentUser(sealed: UserRow, opts: { full: boolean }): UserView {
  const full = opts.full;
  const row = openUser(sealed);
  return {
    id: row.id,
    kind: row.kind,
    username: row.username,
    displayName: row.display_name,
    phone: row.phone ? (full ? row.phone : maskPhone(row.phone)) : null,
    email: row.email,
    idNumber: row.id_number ? (full ? row.id_number : maskIdNumber(row.id_number)) : null,
    // A unified social credit code is public registration data (公示信息), so it is never masked.
    creditCode: row.credit_code,
    legalRepresentative: row.legal_representative,
    orgId: row.org_id,
    disabled: row.disabled,
    masked: !full,
  };
}

export interface MeView {
  user: UserView;
  roles: { role: string; scopeOrgId: string }[];
  csrfToken: string;
}

export function presentMe(row: UserRow, actor: Actor, csrfToken: string): MeView {
  // The account holder sees their own full data; staff profiles carry no ID numbers.
  return { user: presentUser(row, { full: true }), roles: actor.roles.map((r) => ({ role: r.role, scopeOrgId: r.scopeOrgId })), csrfToken };
}
