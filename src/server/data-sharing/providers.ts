import { birthDateOfIdNumber, genderOfIdNumber, isValidIdNumber } from '../../core/codes/id-number.js';
import type { DataSource, SubjectKind } from '../../core/data-sharing/directory.js';
import { openUser } from '../crypto/personal-data.js';
import type { Db } from '../db/transaction.js';

/**
 * Data source providers (adapters): who answers a query for a source of the data directory. The
 * platform's own registers answer in process; the licence store is answered by whatever the licence
 * capability plugs in (`LicenceStore`); a department's HTTP service by the HTTP adapter (http-source.ts).
 */

/** The data subject: the case's applicant, as the platform knows them. */
export interface DataSubject {
  userId: string;
  kind: SubjectKind;
}

export interface ProviderRequest {
  queryId: string;
  source: DataSource;
  subject: DataSubject;
  purpose: string;
  fields: readonly string[];
  caseNo: string | null;
}

/** An answer: one value per item asked for (null when the source holds nothing for it). */
export type DataAnswer = Record<string, string | number | boolean | null | readonly Record<string, string | number>[]>;

export interface DataSourceProvider {
  answer(db: Db, req: ProviderRequest): Promise<DataAnswer>;
  /** False when this installation cannot reach the source at all (not configured, not plugged in). */
  connected?: () => boolean;
}

/**
 * Why a source gave no answer. `not_connected`: this installation has no provider for it (nothing was
 * asked); `unavailable`: it was asked and failed (timeout, error), or its circuit is open (`attempted`
 * says whether a request actually went out).
 */
export class DataSourceError extends Error {
  constructor(
    readonly reason: 'not_connected' | 'unavailable',
    readonly attempted: boolean,
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
    this.name = 'DataSourceError';
  }
}

const pick = (all: Record<string, DataAnswer[string]>, fields: readonly string[]): DataAnswer => Object.fromEntries(fields.map((f) => [f, all[f] ?? null]));

async function subjectRow(db: Db, userId: string) {
  const row = await db.selectFrom('users').select(['id', 'kind', 'display_name', 'id_number', 'credit_code', 'legal_representative', 'address', 'disabled']).where('id', '=', userId).executeTakeFirst();
  return row ? openUser(row) : undefined;
}

/** 人口基础信息 from the demo population: the natural persons registered on the platform. */
export const populationProvider: DataSourceProvider = {
  async answer(db, req) {
    const u = await subjectRow(db, req.subject.userId);
    if (!u || u.kind !== 'natural_person') return pick({}, req.fields);
    const id = u.id_number && isValidIdNumber(u.id_number) ? u.id_number : null;
    return pick(
      {
        name: u.display_name,
        idNumber: id,
        gender: id ? (genderOfIdNumber(id) === 'male' ? '男' : '女') : null,
        birthDate: id ? birthDateOfIdNumber(id) : null,
        householdAddress: u.address,
      },
      req.fields,
    );
  },
};

/** 法人基础信息 from the demo enterprises: the legal-person accounts registered on the platform. */
export const legalPersonProvider: DataSourceProvider = {
  async answer(db, req) {
    const u = await subjectRow(db, req.subject.userId);
    if (!u || u.kind !== 'legal_person') return pick({}, req.fields);
    return pick({ name: u.display_name, creditCode: u.credit_code, legalRepresentative: u.legal_representative, address: u.address, status: u.disabled ? '注销' : '存续' }, req.fields);
  },
};

/** One valid licence of a holder, as the licence store reports it for a data query. */
export interface HeldLicence {
  type: string;
  identifier: string;
  version: number;
}

/**
 * The licence store's side of data sharing: the licence capability (src/server/licences) implements
 * it and plugs it in with `plugLicenceStore`; until then the 电子证照库 source is "not connected".
 */
export interface LicenceStore {
  validLicencesOf(db: Db, holderUserId: string): Promise<HeldLicence[]>;
}

let licenceStore: LicenceStore | undefined;

/** Connects the licence store (called once at start by the licence capability). */
export function plugLicenceStore(store: LicenceStore | undefined): void {
  licenceStore = store;
}

/** The store now plugged in (tests that unplug it put it back). */
export const pluggedLicenceStore = (): LicenceStore | undefined => licenceStore;

export const licenceStoreProvider: DataSourceProvider = {
  connected: () => !!licenceStore,
  async answer(db, req) {
    if (!licenceStore) throw new DataSourceError('not_connected', false, '电子证照库尚未接入本平台', 'The licence store is not connected yet');
    const held = await licenceStore.validLicencesOf(db, req.subject.userId);
    return pick({ validLicences: held.map((l) => ({ type: l.type, identifier: l.identifier, version: l.version })) }, req.fields);
  },
};

export const notConnected = (source: DataSource): DataSourceProvider => ({
  connected: () => false,
  answer: async () => {
    throw new DataSourceError('not_connected', false, `${source.name}尚未接入本平台（未配置数据源地址）`, `${source.nameEn} is not connected (no address configured)`);
  },
});
