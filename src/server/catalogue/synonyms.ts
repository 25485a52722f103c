import { Type } from 'typebox';
import type { Kysely } from 'kysely';
import type { CapabilityDeps } from '../capabilities.js';
import type { Database } from '../db/schema.js';
import type { Db } from '../db/transaction.js';
import type { App } from '../http/types.js';
import { DomainError } from '../errors.js';
import { authorize, type Actor } from '../policies/index.js';
import { checkSynonymGroups, type SynonymGroup } from '../../core/catalogue/synonyms.js';

/** The portal's search synonym groups (检索同义词), in the order they were entered. */
export async function listSynonymGroups(db: Db): Promise<string[][]> {
  const rows = await db.selectFrom('search_synonyms').select('terms').orderBy('id').execute();
  return rows.map((r) => r.terms);
}

/** Replaces every group in one transaction; refuses (nothing written) when the groups break a rule. */
export async function replaceSynonymGroups(db: Kysely<Database>, actor: Actor | undefined, groups: SynonymGroup[]): Promise<string[][]> {
  authorize(actor, 'search.synonyms.manage');
  const clean = groups.map((g) => [...new Set(g.map((w) => w.trim()).filter(Boolean))]);
  const problems = checkSynonymGroups(clean);
  if (problems.length) {
    throw new DomainError('VALIDATION_FAILED', { zh: `同义词有误：${problems.map((p) => p.zh).join('；')}`, en: `The synonyms have errors: ${problems.map((p) => p.en).join('; ')}` }, problems.map((p) => ({ code: p.code, zh: p.zh, en: p.en })));
  }
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('search_synonyms').execute();
    if (clean.length) await tx.insertInto('search_synonyms').values(clean.map((terms) => ({ terms: JSON.stringify(terms), updated_by: actor?.userId ?? null }))).execute();
  });
  return clean;
}

const Word = Type.String({ minLength: 1, maxLength: 30, pattern: '\\S' });
const Groups = Type.Object({ groups: Type.Array(Type.Array(Word, { minItems: 1, maxItems: 20 }), { maxItems: 500 }) }, { additionalProperties: false });

export function synonymRoutes(app: App, _deps: CapabilityDeps): void {
  app.get(
    '/api/admin/catalogue/synonyms',
    { schema: { tags: ['catalogue-admin'], summary: '检索同义词 Portal search synonym groups' }, config: { permission: 'staff' } },
    async (req) => {
      authorize(req.actor, 'search.synonyms.manage');
      return { groups: await listSynonymGroups(app.db) };
    },
  );
  app.put(
    '/api/admin/catalogue/synonyms',
    { schema: { tags: ['catalogue-admin'], summary: '修改检索同义词 Replace the portal search synonym groups', body: Groups }, config: { permission: 'staff' } },
    async (req) => ({ groups: await replaceSynonymGroups(app.db, req.actor, req.body.groups) }),
  );
}
