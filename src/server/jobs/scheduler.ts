import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { loadCalendar } from '../calendar/service.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import { intakeDeadline } from '../../core/cases/machine.js';
import type { CaseSnapshot } from '../../core/cases/types.js';
import { runCommand, SYSTEM_ACTOR } from '../cases/service.js';
import { DomainError } from '../errors.js';
import { sweepDeadlines } from './deadline-sweep.js';
import { sweepSupervision } from '../supervision/sweep.js';
import { foldPending } from '../scorecards/rollups.js';
import { escalateOverdueOrders } from '../supervision/orders.js';
import { auditTimelines } from './timeline-audit.js';
import { deliverOutbox, type OutboxHandler } from './outbox.js';
import type { MessageSender } from '../adapters/messaging.js';
import { openField } from '../crypto/personal-data.js';
import { sweepBookings } from '../hall/booking-service.js';
import { recordExpiries } from '../licences/service.js';

/**
 * Background work, durable in PostgreSQL and safe with several replicas: every step is idempotent
 * (commands re-check the state under the row lock; warnings insert on a unique key; the outbox is
 * claimed with SKIP LOCKED), so two replicas sweeping at once do each thing exactly once.
 */
export interface SweepReport {
  deemedAccepted: number;
  gapsExpired: number;
  nearDue: number;
  overdue: number;
  delivered: number;
  /** Timelines whose SM3 chain the audit re-computed, and how many of them were broken. */
  timelinesChecked: number;
  timelinesBroken: number;
  /** New 电子监察 rule hits (each object and rule once). */
  supervisionHits: number;
  /** 督办 orders escalated now (each once). */
  ordersEscalated: number;
  /** 电子证照 past their last day whose expiry was recorded on their history (each once). */
  licencesExpired: number;
}

const AUDIT_BATCH = 2000;
const AUDIT_BUDGET_MS = 10_000;

export async function runSweep(db: Kysely<Database>, now: Date, handlers: Record<string, OutboxHandler>): Promise<SweepReport> {
  const calendar = await loadCalendar(db);
  const today = isoDateInChina(now);
  const deps = { calendar: async () => calendar, now: () => now };
  let deemedAccepted = 0;
  let gapsExpired = 0;
  // 行政许可法 第32条: submissions not handled within 5 working days count as accepted on receipt.
  const waiting = await db.selectFrom('cases').select(['id', 'snapshot']).where('state', '=', 'submitted').execute();
  for (const c of waiting) {
    const s = c.snapshot as unknown as CaseSnapshot;
    if (!s.submittedOn || today <= intakeDeadline(s.submittedOn, calendar)) continue;
    if (await tryCommand(() => runCommand(db, deps, SYSTEM_ACTOR, c.id, { type: 'deem_accepted' }))) deemedAccepted++;
  }
  // 容缺: an owed material not supplied in time ends the case.
  const owing = await sql<{ id: string }>`select id from cases where state in ('accepted','in_review','suspended','approved') and exists (select 1 from jsonb_array_elements(snapshot->'owed') o where (o->>'supplied')::boolean = false and (o->>'dueDate') < ${today})`.execute(db);
  for (const c of owing.rows) {
    if (await tryCommand(() => runCommand(db, deps, SYSTEM_ACTOR, c.id, { type: 'expire_gaps' }))) gapsExpired++;
  }
  const warnings = await sweepDeadlines(db, calendar, today);
  const supervisionHits = await sweepSupervision(db, calendar, today);
  const ordersEscalated = await escalateOverdueOrders(db, today, now);
  // 工作成绩单 rollups (ADR 0035): fold what changed, so that a scorecard request finds little pending.
  await foldPending(db);
  // 全程留痕 audit: batches until the changed chains are done or the tick's time budget is spent.
  const audit = { checked: 0, broken: 0 };
  const auditStarted = Date.now();
  for (;;) {
    const a = await auditTimelines(db, now, { batch: AUDIT_BATCH });
    audit.checked += a.checked;
    audit.broken += a.broken.length;
    if (a.checked < AUDIT_BATCH || Date.now() - auditStarted > AUDIT_BUDGET_MS) break;
  }
  // 预约: the day-before reminders (through the outbox below) and missed bookings (issue 13).
  await sweepBookings(db, now);
  // 电子证照: a licence past its validity is expired; its history records it once (issue 11).
  const licencesExpired = await recordExpiries(db, now);
  const delivered = await deliverOutbox(db, handlers, now);
  return { deemedAccepted, gapsExpired, nearDue: warnings.nearDue, overdue: warnings.overdue, delivered, timelinesChecked: audit.checked, timelinesBroken: audit.broken, supervisionHits, ordersEscalated, licencesExpired };
}

/** A command another replica already ran fails its state check: not an error for a sweep. */
async function tryCommand(run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (err) {
    if (err instanceof DomainError) return false;
    throw err;
  }
}

export function outboxHandlers(_db: Kysely<Database>, sender: MessageSender): Record<string, OutboxHandler> {
  return {
    'notify.applicant': async (p, db) => {
      const u = await db.selectFrom('users').select(['phone', 'email']).where('id', '=', String(p.userId)).executeTakeFirst();
      const phone = u ? openField('phone', u.phone) : null;
      if (phone) await sender.send({ channel: 'sms', to: phone, body: `【通办】${String(p.title)}` });
      if (u?.email) await sender.send({ channel: 'email', to: u.email, subject: '办件进度通知', body: String(p.title) });
    },
    'case.timeline_broken': async () => {
      // Recorded in audit_events; supervisors and security monitoring subscribe here.
    },
    'supervision.order_escalated': async () => {
      // Recorded on the order's record (the escalated entry); the level above subscribes here.
    },
    'case.warning': async () => {
      // Warnings are read by the supervision views from case_warnings; regulators subscribe here.
    },
  };
}

/** `now`: the app's clock (the test clock of a journey server, ADR 0033; real time otherwise). */
export function startScheduler(db: Kysely<Database>, sender: MessageSender, log: (msg: string) => void, opts: { now?: () => Date; intervalMs?: number } = {}): () => void {
  const now = opts.now ?? (() => new Date());
  const handlers = outboxHandlers(db, sender);
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const r = await runSweep(db, now(), handlers);
      if (r.deemedAccepted || r.gapsExpired || r.nearDue || r.overdue || r.timelinesBroken || r.licencesExpired) log(`sweep: ${JSON.stringify(r)}`);
    } catch (err) {
      log(`sweep failed: ${String(err)}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), opts.intervalMs ?? 60_000);
  void tick();
  return () => clearInterval(timer);
}
