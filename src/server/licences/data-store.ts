import type { LicenceStore } from '../data-sharing/providers.js';
import { validLicencesOfHolder } from './service.js';

/**
 * The licence store as a source of the data directory (电子证照库): a holder's valid licences — type,
 * identifier and version, never the licence data — for a data query that the policy allowed and the
 * access log records (staff working on the holder's case, for a stated purpose).
 */
export function licenceDataStore(now: () => Date): LicenceStore {
  return {
    async validLicencesOf(db, holderUserId) {
      const held = await validLicencesOfHolder(db, holderUserId, now());
      return held.map((l) => ({ type: l.typeCode, identifier: l.identifier, version: l.version }));
    },
  };
}
