import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ItemContent } from '../../core/catalogue/types.js';
import { buildSearchText } from '../../core/catalogue/search.js';
import { DEMO_ITEMS, DEMO_LEVEL_ITEMS } from './items/index.js';
import { withEnglishNames } from './english-names.js';

/**
 * Seeds the demo catalogue as published version 1 of each implementation (county items plus the
 * province/city implementations of one base item for the 三级十同 report).
 */
export async function seedDemoCatalogue(db: Kysely<Database>, orgs: Map<string, { id: string; path: string }>): Promise<void> {
  const all: { departmentKey: string; level: string; content: ItemContent }[] = [
    ...DEMO_ITEMS.map((i) => ({ ...i, level: 'county' })),
    ...DEMO_LEVEL_ITEMS.filter((l) => !DEMO_ITEMS.some((i) => i.content.implCode === l.content.implCode)),
  ];
  const orgNames = new Map((await db.selectFrom('orgs').select(['id', 'name', 'region_code']).execute()).map((o) => [o.id, o]));
  const now = new Date();
  for (const item of all) {
    const org = orgs.get(item.departmentKey);
    if (!org) throw new Error(`demo department ${item.departmentKey} missing`);
    const orgRow = orgNames.get(org.id);
    const c: ItemContent = withEnglishNames({ ...item.content, implementingBody: { ...item.content.implementingBody, orgId: org.id } });
    let base = await db.selectFrom('base_items').select('id').where('base_code', '=', c.baseCode).executeTakeFirst();
    base ??= await db
      .insertInto('base_items')
      .values({ base_code: c.baseCode, main_name: c.mainName, sub_name: c.subName ?? null, item_type: c.itemType })
      .returning('id')
      .executeTakeFirstOrThrow();
    const impl = await db
      .insertInto('item_impls')
      .values({ base_item_id: base.id, org_id: org.id, region_code: orgRow?.region_code ?? '330523', level: item.level, impl_code: c.implCode })
      .returning('id')
      .executeTakeFirstOrThrow();
    const version = await db
      .insertInto('item_versions')
      .values({
        impl_id: impl.id,
        version_no: 1,
        status: 'published',
        content: JSON.stringify(c),
        search_text: buildSearchText(c, orgRow?.name ?? c.implementingBody.name),
        published_at: now,
        submitted_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.updateTable('item_impls').set({ published_version_id: version.id }).where('id', '=', impl.id).execute();
    await db.insertInto('item_version_events').values({ version_id: version.id, action: 'publish', actor_id: null, comment: 'demo seed' }).execute();
  }
}
