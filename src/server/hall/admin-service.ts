import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { DomainError } from '../errors.js';
import { recordAudit } from '../identity/audit.js';
import { authorize, type Actor } from '../policies/index.js';
import { DEFAULT_NO_SHOW_RULE, DEFAULT_PRIORITY_RULES } from '../../core/hall/index.js';
import * as repo from './repository.js';

/** The hall administrator's settings (大厅管理员): categories open, seats per slot, priority and no-show rules. */

async function managedHall(db: Kysely<Database>, actor: Actor | undefined, hallId: string) {
  const hall = await repo.findHall(db, hallId);
  if (!hall) throw new DomainError('NOT_FOUND', { zh: '未找到该大厅', en: 'No such service hall' });
  authorize(actor, 'hall.manage', { orgPath: hall.path });
  return hall;
}

export async function hallSettings(db: Kysely<Database>, actor: Actor | undefined, hallId: string) {
  const hall = await managedHall(db, actor, hallId);
  const s = await repo.settingsOf(db, hallId);
  return {
    hallId,
    hallName: hall.name,
    categories: (await repo.categoriesOf(db, hallId)).map((c) => ({ category: c.category, letter: c.letter, nameEn: c.name_en, open: c.open, slotCapacity: c.slot_capacity })),
    rules: {
      priorityBooking: s?.priority_booking ?? DEFAULT_PRIORITY_RULES.booking,
      elderlyAge: s ? s.elderly_age : DEFAULT_PRIORITY_RULES.elderlyAge,
      priorityDisabled: s?.priority_disabled ?? DEFAULT_PRIORITY_RULES.disabled,
      noShowLimit: s?.no_show_limit ?? DEFAULT_NO_SHOW_RULE.limit,
      noShowPeriodDays: s?.no_show_period_days ?? DEFAULT_NO_SHOW_RULE.periodDays,
      noShowBlockDays: s?.no_show_block_days ?? DEFAULT_NO_SHOW_RULE.blockDays,
    },
  };
}

export async function saveCategory(db: Kysely<Database>, actor: Actor | undefined, hallId: string, category: string, v: { open: boolean; slotCapacity: number }, ip: string) {
  await managedHall(db, actor, hallId);
  await inTransaction(db, async (tx) => {
    const before = await repo.findCategory(tx, hallId, category);
    if (!before) throw new DomainError('NOT_FOUND', { zh: '该大厅没有此业务类别', en: 'The hall has no such category' });
    await tx.updateTable('hall_categories').set({ open: v.open, slot_capacity: v.slotCapacity }).where('hall_id', '=', hallId).where('category', '=', category).execute();
    await recordAudit(tx, { kind: 'hall_category_saved', userId: actor?.userId, ip, objectType: 'hall', objectId: hallId, detail: { category, before: { open: before.open, slotCapacity: before.slot_capacity }, after: v } });
  });
  return hallSettings(db, actor, hallId);
}

export interface RulesInput {
  priorityBooking: boolean;
  elderlyAge: number | null;
  priorityDisabled: boolean;
  noShowLimit: number;
  noShowPeriodDays: number;
  noShowBlockDays: number;
}

export async function saveRules(db: Kysely<Database>, actor: Actor | undefined, hallId: string, v: RulesInput, ip: string) {
  await managedHall(db, actor, hallId);
  const row = { priority_booking: v.priorityBooking, elderly_age: v.elderlyAge, priority_disabled: v.priorityDisabled, no_show_limit: v.noShowLimit, no_show_period_days: v.noShowPeriodDays, no_show_block_days: v.noShowBlockDays, updated_at: new Date() };
  await inTransaction(db, async (tx) => {
    await tx.insertInto('hall_settings').values({ hall_id: hallId, ...row }).onConflict((oc) => oc.column('hall_id').doUpdateSet(row)).execute();
    await recordAudit(tx, { kind: 'hall_rules_saved', userId: actor?.userId, ip, objectType: 'hall', objectId: hallId, detail: { ...v } });
  });
  return hallSettings(db, actor, hallId);
}
