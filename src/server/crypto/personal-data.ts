import { keyring } from './data-key.js';
import { Keyring } from './keyring.js';

/**
 * Personal data at rest (个人信息加密存储): which columns are sealed, and the one way to seal and open
 * them. A value that is not an envelope is plaintext written before encryption was introduced; it is
 * returned as it is and sealed by the start-up data step (`sealPersonalData`).
 */
export const SEALED_USER_COLUMNS = ['id_number', 'phone', 'legal_representative', 'address'] as const;
export type SealedUserColumn = (typeof SEALED_USER_COLUMNS)[number];

const purposeOf = (column: SealedUserColumn) => `users.${column}`;
export const ID_NUMBER_INDEX = 'users.id_number';
export const FORM_DATA_PURPOSE = 'cases.form_data';
/** Pending registrations' payloads (verification_codes.payload). */
export const PENDING_PURPOSE = 'verification_codes.payload';

export function sealField(column: SealedUserColumn, value: string): string;
export function sealField(column: SealedUserColumn, value: string | null | undefined): string | null;
export function sealField(column: SealedUserColumn, value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : keyring().seal(value, purposeOf(column));
}

export function openField(column: SealedUserColumn, value: string | null): string | null {
  if (value === null || !Keyring.isSealed(value)) return value;
  return keyring().open(value, purposeOf(column));
}

/** Normalised for the index: an ID number's check character may be typed as a lower-case x. */
const normaliseIdNumber = (idNumber: string) => idNumber.trim().toUpperCase();

/** The blind index stored in users.id_number_bidx. */
export function idNumberIndex(idNumber: string): string {
  return keyring().blindIndex(normaliseIdNumber(idNumber), ID_NUMBER_INDEX);
}

/** Every index the ID number may be stored under (current and not-yet-rotated keys): `where id_number_bidx in (…)`. */
export function idNumberIndexes(idNumber: string): string[] {
  return keyring().blindIndexes(normaliseIdNumber(idNumber), ID_NUMBER_INDEX);
}

type SealableUser = Partial<Record<SealedUserColumn, string | null>>;

/** The sealed columns of a user row to insert or update, with the ID number's blind index. */
export function sealUser<T extends SealableUser>(values: T): T & { id_number_bidx?: string | null } {
  const out: SealableUser & { id_number_bidx?: string | null } = { ...values };
  for (const c of SEALED_USER_COLUMNS) if (values[c] !== undefined) out[c] = sealField(c, values[c]);
  if (values.id_number !== undefined) out.id_number_bidx = values.id_number === null ? null : idNumberIndex(values.id_number);
  return out as T & { id_number_bidx?: string | null };
}

/** A user row (or part of one) with its personal columns opened. */
export function openUser<T extends SealableUser>(row: T): T {
  const out: SealableUser = { ...row };
  for (const c of SEALED_USER_COLUMNS) {
    const v = row[c];
    if (v !== undefined) out[c] = openField(c, v);
  }
  return out as T;
}

/** Any JSON record sealed for one purpose, stored in a jsonb column as `{"$sealed": "<envelope>"}`. */
export function sealRecord(purpose: string, value: Record<string, unknown>): SealedFormData {
  return { $sealed: keyring().seal(JSON.stringify(value), purpose) };
}

export function openRecord(purpose: string, stored: unknown): Record<string, unknown> | null {
  if (stored === null || stored === undefined) return null;
  if (isSealedFormData(stored)) return JSON.parse(keyring().open(stored.$sealed, purpose)) as Record<string, unknown>;
  return stored as Record<string, unknown>;
}

/** Case form data is stored as `{"$sealed": "<envelope>"}` in the jsonb column. */
export interface SealedFormData {
  $sealed: string;
}

export function isSealedFormData(v: unknown): v is SealedFormData {
  return typeof v === 'object' && v !== null && typeof (v as { $sealed?: unknown }).$sealed === 'string' && Object.keys(v).length === 1;
}

/** The JSON text to write into cases.form_data. */
export function sealFormData(formData: Record<string, unknown>): string {
  const sealed: SealedFormData = { $sealed: keyring().seal(JSON.stringify(formData), FORM_DATA_PURPOSE) };
  return JSON.stringify(sealed);
}

export function openFormData(stored: unknown): Record<string, unknown> {
  if (isSealedFormData(stored)) return JSON.parse(keyring().open(stored.$sealed, FORM_DATA_PURPOSE)) as Record<string, unknown>;
  return (stored ?? {}) as Record<string, unknown>;
}
