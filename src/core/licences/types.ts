/**
 * Electronic licences (电子证照): licence types in the catalogue and the licence record a department
 * signs. Pure types shared by server and web.
 */

/** Where one data field of a licence (照面信息) comes from when it is issued at the end of a case. */
export type LicenceFieldSource =
  /** The first of these form fields that has a value (items issuing one type name them differently). */
  | { from: 'form'; keys: string[] }
  | { from: 'holder'; key: 'name' | 'idNumber' | 'creditCode' | 'legalRepresentative' }
  | { from: 'case'; key: 'resultNo' | 'decisionReason' | 'caseNo' }
  | { from: 'fixed'; value: string };

export interface LicenceFieldDef {
  key: string;
  label: string;
  labelEn: string;
  source: LicenceFieldSource;
  /** Personal data: masked in everything public (the signed public form, the verification page). */
  personal?: boolean;
}

/** 有效期规则: a number of years from the issue date, or 长期 (no end). */
export type ValidityRule = { kind: 'years'; years: number } | { kind: 'permanent' };

/** 证照类型 in the catalogue. */
export interface LicenceType {
  /** 证照类型代码 (0-9A-Z), the {type code} of the identifier. */
  code: string;
  name: string;
  nameEn: string;
  /** 发证部门类别, e.g. 市场监督管理 — the kind of department that issues it. */
  issuerKind: string;
  fields: LicenceFieldDef[];
  validity: ValidityRule;
  /** 颁证事项: base codes (基本编码) of the items whose completion issues it. */
  issuingBaseCodes: string[];
}

export type HolderKind = 'natural_person' | 'legal_person';

/** The holder as the signed public form shows them: personal identifiers masked. */
export interface PublicHolder {
  kind: HolderKind;
  name: string;
  /** 公民身份号码 (masked) or 统一社会信用代码 (a legal person's, shown). */
  identifier: string;
}

/**
 * What a department signs (签名原文): the licence's public form. Personal data is masked here so the
 * canonical bytes can be published; `holderDigest` (SM3 over the identifier and the unmasked
 * personal data) binds the licence to the real person without revealing them.
 */
export interface LicencePayload {
  identifier: string;
  version: number;
  type: { code: string; name: string };
  holder: PublicHolder;
  holderDigest: string;
  issuer: { name: string; creditCode: string };
  issuedOn: string;
  validFrom: string;
  validUntil: string | null;
  fields: { key: string; label: string; value: string }[];
  /** The signing key's id (the key published at /api/public/signing-keys/{keyId}). */
  keyId: string;
}

export const LICENCE_STATUSES = ['valid', 'expired', 'revoked', 'superseded'] as const;
export type LicenceStatus = (typeof LICENCE_STATUSES)[number];
