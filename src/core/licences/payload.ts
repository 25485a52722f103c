import canonicalize from 'canonicalize';
import { maskIdNumber, maskName } from '../codes/mask.js';
import { isValidIdNumber } from '../codes/id-number.js';
import type { HashFn } from '../cases/timeline.js';
import type { HolderKind, LicenceFieldDef, LicencePayload, LicenceType } from './types.js';

/**
 * Building a licence's signed public form from what the case knows. Pure: the hash (SM3 on the
 * server) is passed in.
 */
export interface LicenceHolder {
  kind: HolderKind;
  name: string;
  idNumber: string | null;
  creditCode: string | null;
  legalRepresentative: string | null;
}

export interface FieldSources {
  form: Record<string, unknown>;
  holder: LicenceHolder;
  case: { resultNo: string | null; decisionReason: string | null; caseNo: string | null };
}

const text = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));

/** The licence's data fields (照面信息), unmasked, in the type's order. */
export function fieldValuesFrom(type: LicenceType, s: FieldSources): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of type.fields) {
    const src = f.source;
    out[f.key] = src.from === 'form' ? text(src.keys.map((k) => s.form[k]).find((v) => v !== undefined && v !== null && v !== '')) : src.from === 'holder' ? text(s.holder[src.key]) : src.from === 'case' ? text(s.case[src.key]) : src.value;
  }
  return out;
}

/** A personal value as the public sees it: an ID number keeps region and tail, anything else its first character. */
export function maskPersonalValue(value: string): string {
  if (isValidIdNumber(value)) return maskIdNumber(value);
  return maskName(value);
}

/**
 * Whether a field is masked in the public form: personal fields are, except a legal person's own name
 * and credit code — a company's name is public (it is on its 营业执照 and in the credit register); only
 * natural persons' data is masked. A field marked personal that comes from the form (an address, a
 * legal representative's name) stays masked for every holder.
 */
export function masksInPublic(def: Pick<LicenceFieldDef, 'personal' | 'source'>, holder: Pick<LicenceHolder, 'kind'>): boolean {
  if (!def.personal) return false;
  const ownPublicIdentity = def.source.from === 'holder' && (def.source.key === 'name' || def.source.key === 'creditCode');
  return !(holder.kind === 'legal_person' && ownPublicIdentity);
}

export interface PayloadFacts {
  identifier: string;
  version: number;
  type: LicenceType;
  holder: LicenceHolder;
  issuer: { name: string; creditCode: string };
  issuedOn: string;
  validFrom: string;
  validUntil: string | null;
  values: Record<string, string>;
  keyId: string;
}

/** SM3 over the identifier and the unmasked personal data: binds the public form to the real holder. */
export function holderDigest(f: Pick<PayloadFacts, 'identifier' | 'holder' | 'type' | 'values'>, hash: HashFn): string {
  const personal = Object.fromEntries(f.type.fields.filter((d) => d.personal).map((d) => [d.key, f.values[d.key] ?? '']));
  return hash(canonicalize({ identifier: f.identifier, holder: f.holder, personal }) ?? '');
}

export function licencePayload(f: PayloadFacts, hash: HashFn): LicencePayload {
  const natural = f.holder.kind === 'natural_person';
  return {
    identifier: f.identifier,
    version: f.version,
    type: { code: f.type.code, name: f.type.name },
    holder: {
      kind: f.holder.kind,
      name: natural ? maskName(f.holder.name) : f.holder.name,
      identifier: natural ? maskIdNumber(f.holder.idNumber ?? '') : (f.holder.creditCode ?? ''),
    },
    holderDigest: holderDigest(f, hash),
    issuer: f.issuer,
    issuedOn: f.issuedOn,
    validFrom: f.validFrom,
    validUntil: f.validUntil,
    fields: f.type.fields.map((d) => {
      const v = f.values[d.key] ?? '';
      return { key: d.key, label: d.label, value: v && masksInPublic(d, f.holder) ? maskPersonalValue(v) : v };
    }),
    keyId: f.keyId,
  };
}
