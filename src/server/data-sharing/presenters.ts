import { findSource, purposeOf, sourcePurposes, DATA_PURPOSES, DATA_SOURCES } from '../../core/data-sharing/directory.js';
import type { AccessRow } from './repository.js';
import type { ProviderRegistry } from './service.js';

/** How data-sharing rows and the directory are shown: names in both languages beside the codes. */

const ROLE_NAMES: Record<string, [string, string]> = {
  window_clerk: ['综合窗口受理', 'Window clerk'],
  approver_handle: ['承办', 'Handling'],
  approver_review: ['审核', 'Review'],
  approver_signoff: ['签批', 'Sign-off'],
  // 免证办 via data (ADR 0030): read at filing, at the applicant's request, for the handling department.
  filing: ['申请时免提交材料调取', 'At filing, in place of a material'],
};

export function presentDirectory(providers: ProviderRegistry) {
  return {
    purposes: DATA_PURPOSES.map((p) => ({ code: p.code, name: p.name, nameEn: p.nameEn, basis: p.basis })),
    sources: DATA_SOURCES.map((s) => ({
      code: s.code,
      name: s.name,
      nameEn: s.nameEn,
      owner: s.owner.name,
      ownerEn: s.owner.nameEn,
      transport: s.transport,
      subject: s.subject,
      connected: providers.get(s.code)?.connected?.() ?? providers.has(s.code),
      purposes: sourcePurposes(s),
      items: s.items.map((i) => ({ key: i.key, name: i.name, nameEn: i.nameEn, purposes: [...i.purposes] })),
      aliases: [...s.aliases],
    })),
  };
}

/** One access as the person, the case's staff and the audit export see it (never the values read). */
export function presentAccess(r: AccessRow) {
  const source = findSource(r.source);
  const purpose = purposeOf(r.purpose);
  const role = ROLE_NAMES[r.actor_role];
  return {
    queryId: r.id,
    at: new Date(r.at).toISOString(),
    caseId: r.case_id,
    caseNo: r.case_no,
    department: r.org_name,
    role: r.actor_role,
    roleName: role?.[0] ?? r.actor_role,
    roleNameEn: role?.[1] ?? r.actor_role,
    source: r.source,
    sourceName: source?.name ?? r.source,
    sourceNameEn: source?.nameEn ?? r.source,
    sourceOwner: r.source_owner,
    purpose: r.purpose,
    purposeName: purpose?.name ?? r.purpose,
    purposeNameEn: purpose?.nameEn ?? r.purpose,
    fields: r.fields.map((key) => {
      const item = source?.items.find((i) => i.key === key);
      return { key, name: item?.name ?? key, nameEn: item?.nameEn ?? key };
    }),
    outcome: r.outcome,
    materialId: r.material_id,
  };
}
