import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { DEMO_WINDOW_CATEGORIES } from './org.js';
import { TICKET_LETTERS } from '../../core/hall/index.js';

/**
 * The demo county's service hall (issue 13): one ticket category per 综合窗口 category, lettered as the
 * windows are (A 市场准入 … F 税费服务), four booking seats per half-hour slot, the default priority rules.
 */
export async function seedDemoHall(db: Kysely<Database>, orgs: Map<string, { id: string }>): Promise<void> {
  const hall = orgs.get('county-hall');
  if (!hall) throw new Error('demo hall missing');
  await db.insertInto('hall_settings').values({ hall_id: hall.id, elderly_age: 70 }).onConflict((oc) => oc.doNothing()).execute();
  let i = 0;
  for (const c of DEMO_WINDOW_CATEGORIES) {
    await db
      .insertInto('hall_categories')
      .values({ hall_id: hall.id, category: c.name, letter: TICKET_LETTERS[i] as string, name_en: c.nameEn, slot_capacity: 4, sort: i })
      .onConflict((oc) => oc.doNothing())
      .execute();
    i++;
  }
}
