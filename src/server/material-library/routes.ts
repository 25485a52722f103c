import { Type } from 'typebox';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import { DomainError } from '../errors.js';
import type { Actor } from '../policies/index.js';
import { caseCommandHooks } from '../cases/service.js';
import { recordAudit } from '../identity/audit.js';
import { keepAcceptedMaterials, listLibrary } from './service.js';

/** 我的材料 (issue 10, ADR 0027): the applicant's kept materials, and the window's view of them. */
export function materialLibraryRoutes(app: App, deps: CapabilityDeps): void {
  // Accepted materials go into the library after the command that accepted them.
  if (!caseCommandHooks.includes(keepAcceptedMaterials)) caseCommandHooks.push(keepAcceptedMaterials);

  app.get(
    '/api/me/materials',
    { schema: { tags: ['material-library'], summary: '我的材料 The caller’s kept materials (accepted on earlier cases), each with its code, source case and validity' }, config: { permission: 'applicant' } },
    async (req) => ({ materials: await listLibrary(app.db, (req.actor as Actor).userId, deps.now()) }),
  );

  app.get(
    '/api/workbench/applicants/:id/materials',
    {
      schema: { tags: ['material-library'], summary: '申请人的材料库 The kept materials of the applicant in front of a window clerk (the view is audited)', params: Type.Object({ id: Type.String({ format: 'uuid' }) }) },
      config: { permission: 'staff' },
    },
    async (req) => {
      const actor = req.actor as Actor;
      if (!actor.roles.some((g) => g.role === 'window_clerk')) throw new DomainError('FORBIDDEN', { zh: '只有综合窗口人员可以查看申请人的材料库', en: 'Only window clerks may see an applicant’s material library' });
      const who = await app.db.selectFrom('users').select(['id', 'kind']).where('id', '=', req.params.id).executeTakeFirst();
      if (!who || who.kind === 'staff') throw new DomainError('NOT_FOUND', { zh: '申请人不存在', en: 'No such applicant' });
      const materials = await listLibrary(app.db, who.id, deps.now());
      await recordAudit(app.db, { kind: 'personal_data_viewed', userId: actor.userId, objectType: 'user', objectId: who.id, detail: { fields: ['materialLibrary'], entries: materials.length }, at: deps.now() });
      return { materials };
    },
  );
}
