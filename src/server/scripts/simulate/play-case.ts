import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { WorkingCalendar } from '../../../core/calendar/index.js';
import type { CaseCommand, CaseSnapshot } from '../../../core/cases/types.js';
import { owableMaterialIds } from '../../../core/cases/machine.js';
import type { Arrival, CasePlan, Dice, Ledger, LedgerCase, RatingPlan } from '../../../core/simulation/index.js';
import { REASON_TAGS } from '../../../core/ratings/rules.js';
import type { Actor } from '../../policies/index.js';
import { loadCalendar } from '../../calendar/service.js';
import { runCommand, submitNewCase, type CaseDeps } from '../../cases/service.js';
import { addFollowUp, decideAppeal, fileAppeal, issueToken, rateOwnCase, rateWithToken, stepTask } from '../../ratings/service.js';
import { fileComplaint, rateComplaintReply, replyToComplaint } from '../../ratings/complaints.js';
import { demoApplication } from '../../demo/cases.js';
import type { Applicant, County, CountyItem } from './county.js';
import { CaseClock } from './case-clock.js';

/** What the simulation counted as it went, beside the ledger (for the report). */
export interface Tally {
  byChannel: Record<string, number>;
  byOutcome: Record<string, number>;
  corrections: number;
  owed: number;
  specialProcedures: number;
  extensions: number;
  late: number;
  ratings: number;
  windowRatings: number;
  badRatings: number;
  appeals: number;
  appealsAccepted: number;
  rectified: number;
  reRatings: number;
  followUps: number;
  complaints: number;
  consultations: number;
}

export const emptyTally = (): Tally => ({ byChannel: {}, byOutcome: {}, corrections: 0, owed: 0, specialProcedures: 0, extensions: 0, late: 0, ratings: 0, windowRatings: 0, badRatings: 0, appeals: 0, appealsAccepted: 0, rectified: 0, reRatings: 0, followUps: 0, complaints: 0, consultations: 0 });

export interface World {
  db: Kysely<Database>;
  county: County;
  calendar: WorkingCalendar;
  days: readonly string[];
  dayIndex: ReadonlyMap<string, number>;
  dice: Dice;
  ledger: Ledger;
  tally: Tally;
  /** The last day anything happened (the scorecard's "today"). */
  lastDay: string;
}

const CORRECTION_REASONS = ['材料未加盖公章', '复印件不清晰，请提供清晰复印件', '材料内容与申请表不一致', '缺少签字页'];
const REMEDIES = '如不服本决定，可自收到之日起六十日内申请行政复议，或者六个月内向人民法院提起行政诉讼';

/** The clerk's checklist: each material of the case received (original seen), except those owed or promised. */
function checklist(s: CaseSnapshot, owed: readonly string[] = []): { materialId: string; originalSeen: boolean }[] {
  const skip = new Set([...owed, ...(s.commitments ?? [])]);
  return (s.item.materials ?? []).filter((m) => !skip.has(m.id)).map((m) => ({ materialId: m.id, originalSeen: true }));
}

/** Plays one application through the case, rating and complaint services, writing what it did into the ledger. */
export async function playCase(w: World, arrival: Arrival, item: CountyItem, plan: CasePlan): Promise<void> {
  const { db, county, dice } = w;
  const clock = new CaseClock(w.days, w.dayIndex, arrival.at, arrival.day, dice);
  const deps = (at: Date): CaseDeps => ({ calendar: (stamp) => loadCalendar(db, stamp), now: () => at });
  const fitting = county.applicants.filter((a) => item.content.applicantTypes.includes(a.kind));
  const applicant: Applicant = dice.pick(fitting.length ? fitting : county.applicants);
  const walkIn = arrival.channel === 'window';
  const clerk = dice.pick(county.clerks);
  const team = county.staff.get(item.orgId);
  if (!team) throw new Error(`simulate: no staff for ${item.content.mainName}`);
  const intake = item.content.handlingForms.includes('window') ? clerk : team.approver_handle;
  const ledgerCase: LedgerCase = {
    channel: arrival.channel,
    submittedOn: arrival.day,
    acceptedOn: null,
    decidedOn: null,
    dueDate: null,
    legalLimitDays: item.content.legalLimitDays,
    promisedLimitDays: item.content.promisedLimitDays,
    pausedDays: 0,
    tripDays: [],
    correctionNotices: 0,
  };
  w.ledger.cases.push(ledgerCase);
  w.tally.byChannel[arrival.channel] = (w.tally.byChannel[arrival.channel] ?? 0) + 1;
  w.tally.byOutcome[plan.outcome] = (w.tally.byOutcome[plan.outcome] ?? 0) + 1;
  /** 跑动: a day on which a window clerk acted with the applicant there (as the scorecard defines it). */
  const trip = () => ledgerCase.tripDays.push(clock.day);

  const { formData, situationAnswers } = demoApplication(item.content, dice, applicant.kind);
  const created = await submitNewCase(
    db,
    deps(arrival.at),
    walkIn ? clerk : applicant.actor,
    { implId: item.implId, formData, situationAnswers, materials: [], channel: arrival.channel === 'kiosk' ? 'terminal' : arrival.channel, ...(walkIn ? { applicantId: applicant.actor.userId } : {}) },
    undefined,
  );
  if (walkIn) trip();
  const caseId = created.caseRow.id;
  let snapshot = created.caseRow.snapshot as unknown as CaseSnapshot;
  let dueDate: string | null = null;
  const act = async (actor: Actor, command: CaseCommand, at: Date) => {
    const row = await runCommand(db, deps(at), actor, caseId, command).catch((err: unknown) => {
      throw new Error(`simulate: ${item.content.mainName} ${command.type} by ${actor.displayName} in state ${snapshot.state} on ${clock.day} refused: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    });
    snapshot = row.snapshot as unknown as CaseSnapshot;
    dueDate = row.due_date;
  };
  if (walkIn && plan.windowRating) await rateWindow(w, caseId, plan.windowRating, clock, applicant);

  // 一次性告知: one notice listing what to correct; the applicant comes back (a walk-in to the window).
  if (plan.correction) {
    const m = (snapshot.item.materials ?? []).find((x) => x.required && x.id !== 'm-id-card') ?? snapshot.item.materials?.[0];
    if (m) {
      await act(intake, { type: 'request_correction', missing: [{ materialId: m.id, reason: dice.pick(CORRECTION_REASONS) }] }, walkIn ? clock.later([5, 20]) : clock.after(plan.intakeDelay));
      ledgerCase.correctionNotices++;
      w.tally.corrections++;
      if (plan.outcome !== 'withdrawn_early') {
        await act(walkIn ? clerk : applicant.actor, { type: 'submit' }, clock.after(plan.resubmitDelay));
        if (walkIn) trip();
      }
    }
  }
  const finish = async () => {
    w.lastDay = clock.day > w.lastDay ? clock.day : w.lastDay;
  };

  if (plan.outcome === 'withdrawn_early') {
    await act(applicant.actor, { type: 'withdraw', reason: '申请人主动撤回申请' }, clock.after(dice.int(0, 1)));
    await complain(w, caseId, plan, clock, applicant, team.approver_handle);
    return finish();
  }
  if (plan.outcome === 'refused') {
    await act(team.approver_handle, { type: 'refuse', reason: dice.pick(['申请事项不属于本机关职权范围', '申请人不具备申请资格']), remedies: REMEDIES }, clock.after(walkIn ? 0 : plan.intakeDelay));
    if (plan.rating) await rateCase(w, caseId, plan.rating, clock, applicant, team.approver_handle, arrival.channel);
    await complain(w, caseId, plan, clock, applicant, team.approver_handle);
    return finish();
  }

  // 即办: completed at intake, the result handed over (at the window to a walk-in).
  if (item.content.caseKind === 'on_the_spot') {
    await act(intake, { type: 'complete_on_the_spot', resultNo: '', received: checklist(snapshot) }, walkIn || plan.correction ? clock.later([5, 20]) : clock.after(plan.intakeDelay));
    if (intake === clerk) trip();
    ledgerCase.acceptedOn = ledgerCase.decidedOn = clock.day;
    ledgerCase.dueDate = dueDate;
    await act(clerk, { type: 'deliver', method: walkIn ? 'window' : 'electronic' }, clock.later([1, 5]));
    if (walkIn) trip();
  } else {
    await playPromised(w, { arrival, item, plan, clock, act, applicant, clerk, intake, ledgerCase, snapshot: () => snapshot, dueDate: () => dueDate, trip });
  }
  if (plan.outcome === 'withdrawn' || plan.outcome === 'terminated') {
    await complain(w, caseId, plan, clock, applicant, team.approver_handle);
    return finish();
  }
  if (plan.rating) await rateCase(w, caseId, plan.rating, clock, applicant, team.approver_handle, arrival.channel);
  await complain(w, caseId, plan, clock, applicant, team.approver_handle);
  return finish();
}

interface PromisedRun {
  arrival: Arrival;
  item: CountyItem;
  plan: CasePlan;
  clock: CaseClock;
  act: (actor: Actor, command: CaseCommand, at: Date) => Promise<void>;
  applicant: Applicant;
  clerk: Actor;
  intake: Actor;
  ledgerCase: LedgerCase;
  snapshot: () => CaseSnapshot;
  dueDate: () => string | null;
  trip: () => void;
}

/** 受理 → 审查 → (审核) → 决定 → 办结 → 送达, with 容缺, a special procedure, an extension or lateness as planned. */
async function playPromised(w: World, r: PromisedRun): Promise<void> {
  const { dice, calendar } = w;
  const { plan, clock, act, ledgerCase } = r;
  const walkIn = r.arrival.channel === 'window';
  const team = w.county.staff.get(r.item.orgId) as NonNullable<ReturnType<County['staff']['get']>>;
  const at = walkIn || plan.correction ? clock.later([5, 25]) : clock.after(plan.intakeDelay);
  const owable = owableMaterialIds(r.snapshot());
  const promised = r.item.content.promisedLimitDays;
  if (plan.owed && owable.length && promised > 0) {
    const owed = [{ materialId: dice.pick(owable), dueDate: calendar.addWorkingDays(clock.day, Math.min(3, promised)).date }];
    await act(r.intake, { type: 'accept_with_gaps', received: checklist(r.snapshot(), owed.map((o) => o.materialId)), owed }, at);
    w.tally.owed++;
  } else {
    await act(r.intake, { type: 'accept', received: checklist(r.snapshot()) }, at);
  }
  const acceptedOn = clock.day;
  ledgerCase.acceptedOn = acceptedOn;
  if (r.snapshot().owed.some((o) => !o.supplied)) {
    // The applicant brings the owed material the next working day (a walk-in hands it to the clerk).
    for (const o of r.snapshot().owed.filter((x) => !x.supplied)) {
      await act(walkIn ? r.clerk : r.applicant.actor, { type: 'supply_owed', materialId: o.materialId }, clock.after(1));
      if (walkIn) r.trip();
    }
  }

  const steps = r.snapshot().item.steps;
  let paused = 0;
  const dayOfStep = (i: number) => calendar.addWorkingDays(acceptedOn, Math.round((plan.handlingDays * (i + 1)) / steps.length) + paused).date;
  // An on-time plan keeps every back-office action by the due date; a late one lets the decision slip past it.
  const onTime = plan.lateBy === 0;
  const soon = (minutes: [number, number]) => (onTime ? clock.laterBy(r.dueDate() as string, minutes) : clock.later(minutes));
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as (typeof steps)[number];
    const who = team[step.role as keyof typeof team];
    if (!who) throw new Error(`simulate: no ${step.role} for ${r.item.content.mainName}`);
    const decision = !!step.decision;
    const target = decision && !onTime ? calendar.addWorkingDays(r.dueDate() as string, plan.lateBy).date : dayOfStep(i);
    await act(who, { type: 'claim' }, i === 0 ? soon([10, 120]) : clock.on(target, onTime ? (r.dueDate() as string) : undefined));
    if (i === 0 && plan.outcome === 'withdrawn') {
      await act(r.applicant.actor, { type: 'withdraw', reason: '申请人主动撤回申请' }, clock.after(dice.int(0, 2)));
      return;
    }
    if (i === 0 && plan.outcome === 'terminated') {
      await act(team.approver_signoff, { type: 'terminate', reason: r.applicant.kind === 'legal_person' ? '申请人已依法注销，审批程序终止' : '申请人已迁出本县，不属于本机关管辖，终止办理' }, clock.after(dice.int(1, 3)));
      return;
    }
    if (i === 0 && plan.specialDays > 0) {
      const procedure = r.item.content.specialProcedures[0]?.name ?? '现场核查';
      await act(who, { type: 'suspend', procedure, reason: `依法需${procedure}，所需时间不计入办理期限` }, soon([20, 90]));
      const since = clock.day;
      await act(who, { type: 'resume' }, clock.after(plan.specialDays));
      paused += calendar.countWorkingDays(since, clock.day).count;
      ledgerCase.pausedDays = paused;
      w.tally.specialProcedures++;
    }
    if (i === 0 && plan.extensionDays > 0) {
      await act(team.approver_signoff, { type: 'extend', days: plan.extensionDays, reason: '情况复杂，需延长办理期限' }, soon([20, 90]));
      w.tally.extensions++;
    }
    if (decision) {
      const approved = plan.outcome === 'approved';
      await act(who, { type: 'decide', decision: approved ? 'approved' : 'denied', reason: approved ? '申请材料齐全，符合法定条件和标准，准予办理' : '经审查，申请人不符合法定条件，不予办理' }, onTime ? soon([20, 120]) : clock.on(target));
    } else {
      await act(who, { type: 'advance', comment: dice.pick(['经审查，申请材料齐全，符合法定形式，拟同意', '审核同意，提交签批', '情况属实，同意']) }, soon([20, 150]));
    }
  }
  // What the simulation expects the due date to be: acceptance + promised limit + paused days + extension (第42条, 第45条).
  const expectedDue = calendar.addWorkingDays(acceptedOn, promised + paused + plan.extensionDays).date;
  if (r.dueDate() !== expectedDue) throw new Error(`simulate: ${r.item.content.mainName} shows due ${r.dueDate() ?? '-'}, the simulation expected ${expectedDue}`);
  ledgerCase.decidedOn = clock.day;
  ledgerCase.dueDate = expectedDue;
  if (clock.day > expectedDue) w.tally.late++;
  await act(dice.chance(0.5) ? team.approver_signoff : r.clerk, { type: 'complete', resultNo: '' }, clock.after(dice.int(0, 1)));
  const method = plan.delivery;
  await act(r.clerk, { type: 'deliver', method, ...(method === 'express' ? { trackingNo: `SF${dice.int(1_000_000_000, 9_999_999_999)}` } : {}) }, clock.after(dice.int(0, 2)));
  if (method === 'window') r.trip();
}

/** A rating as the ledger counts it; `ratingId` for what the department and supervisor do next. */
async function recordRating(w: World, ratingId: string, rectificationId: string | null, plan: RatingPlan, clock: CaseClock, rater: Applicant, department: Actor): Promise<void> {
  const entry = { ratedOn: clock.day, level: plan.level, named: !plan.anonymous, rectifiedInTime: false, removed: false };
  w.ledger.ratings.push(entry);
  if (plan.followUp) {
    await addFollowUp(w.db, clock.after(w.dice.int(1, 5)), rater.actor, ratingId, 'follow_up', { level: plan.level, tags: [], comment: '补充评价：结果已收到' });
    w.tally.followUps++;
  }
  if (!plan.bad || !rectificationId) return;
  w.tally.badRatings++;
  const task = await w.db.selectFrom('rectifications').select(['rectify_due']).where('id', '=', rectificationId).executeTakeFirstOrThrow();
  // 回访核实 within a working day for a named 差评.
  if (!plan.anonymous) await stepTask(w.db, clock.after(1), department, rectificationId, 'revisit', '已电话回访申请人，核实情况属实');
  if (plan.bad.appeal !== 'none') {
    const appeal = await fileAppeal(w.db, clock.later([30, 120]), department, ratingId, { reason: '经核查，该评价与办理事实不符，属恶意差评', evidence: [] });
    const accepted = plan.bad.appeal === 'accepted';
    await decideAppeal(w.db, clock.after(w.dice.int(1, 3)), w.county.supervisor, appeal.id, accepted, accepted ? '经核实，申诉理由成立' : '经核实，申诉理由不成立');
    w.tally.appeals++;
    if (accepted) {
      entry.removed = true;
      w.tally.appealsAccepted++;
      return;
    }
  }
  const rectifyDue = task.rectify_due;
  const inTime = !plan.bad.rectifiedLate;
  const day = w.calendar.addWorkingDays(inTime ? clock.day : rectifyDue, w.dice.int(1, 5)).date;
  await stepTask(w.db, clock.on(day < rectifyDue || !inTime ? day : rectifyDue), department, rectificationId, 'rectify', '已约谈相关人员，完善一次性告知清单并加强窗口服务培训');
  entry.rectifiedInTime = clock.day <= rectifyDue;
  w.tally.rectified++;
  if (plan.bad.reRating) {
    await addFollowUp(w.db, clock.after(w.dice.int(1, 3)), rater.actor, ratingId, 're_rating', { level: plan.bad.reRating, tags: [w.dice.pick(REASON_TAGS[plan.bad.reRating])] });
    w.tally.reRatings++;
  }
}

/** 一事一评 of the finished case: online by the applicant, or through the SMS link. */
async function rateCase(w: World, caseId: string, plan: RatingPlan, clock: CaseClock, applicant: Applicant, department: Actor, channel: Arrival['channel']): Promise<void> {
  const at = clock.after(plan.delay);
  const input = { level: plan.level, tags: plan.tags, anonymous: plan.anonymous, ...(plan.bad ? { comment: '办理过程不够顺畅' } : {}) };
  let rated: { id: string; rectificationId: string | null };
  if ((channel === 'online' || channel === 'mobile') && w.dice.chance(0.8)) {
    rated = await rateOwnCase(w.db, w.calendar, at, applicant.actor, caseId, { service: 'case', ...input });
  } else {
    // The SMS link lives 7 days and the applicant uses it on their phone the same day, even after the
    // office has closed: the clock's next office moment can be 9 days on across the Spring Festival.
    const { token } = await issueToken(w.db, at, caseId, 'case', 'sms');
    rated = await rateWithToken(w.db, w.calendar, clock.laterBy(clock.day, [5, 120]), token, input);
  }
  w.tally.ratings++;
  await recordRating(w, rated.id, rated.rectificationId, plan, clock, applicant, department);
}

/** The walk-in rates the clerk's service on the window's tablet right after intake (the hall answers a 差评). */
async function rateWindow(w: World, caseId: string, plan: RatingPlan, clock: CaseClock, applicant: Applicant): Promise<void> {
  // The tablet's token lives 30 minutes: the applicant rates at the counter, even at closing time.
  const { token } = await issueToken(w.db, clock.laterBy(clock.day, [1, 3]), caseId, 'window', 'tablet');
  const rated = await rateWithToken(w.db, w.calendar, clock.laterBy(clock.day, [1, 3]), token, { level: plan.level, tags: plan.tags, anonymous: plan.anonymous, ...(plan.bad ? { comment: '窗口等候时间较长' } : {}) });
  w.tally.windowRatings++;
  // The rest of the rating's life (follow-up, 整改) runs on its own clock so the case keeps its own.
  const side = new CaseClock(w.days, w.dayIndex, clock.now(), clock.day, w.dice);
  await recordRating(w, rated.id, rated.rectificationId, plan, side, applicant, w.county.hallAdmin);
}

/** 咨询 or 投诉 about the case, answered by the department (in time, or late), rated by the complainant. */
async function complain(w: World, caseId: string, plan: CasePlan, clock: CaseClock, applicant: Applicant, department: Actor): Promise<void> {
  const c = plan.complaint;
  if (!c) return;
  const filed = await fileComplaint(w.db, clock.after(c.delay), applicant.actor, { kind: c.kind, subject: { kind: 'case', caseId }, content: c.kind === 'complaint' ? '办件进度缓慢，多次询问未获明确答复' : '请问办理结果何时可以领取？' });
  const submittedOn = clock.day;
  const day = c.lateBy > 0 ? w.calendar.addWorkingDays(filed.due_on, c.lateBy).date : w.calendar.addWorkingDays(submittedOn, w.dice.int(0, 3)).date;
  const replyOn = c.lateBy > 0 || day <= filed.due_on ? day : filed.due_on;
  const replied = await replyToComplaint(w.db, clock.on(replyOn), department, filed.id, c.kind === 'complaint' ? '经核查，已督促承办人员加快办理并向您说明进度，感谢监督' : '办理结果可通过“我的办件”查看，或到综合窗口领取');
  await rateComplaintReply(w.db, clock.later([30, 240]), applicant.actor, filed.id, c.satisfied);
  if (c.kind === 'complaint') {
    w.ledger.complaints.push({ submittedOn, dueOn: filed.due_on, repliedOn: replied.replied_on });
    w.tally.complaints++;
  } else w.tally.consultations++;
  w.lastDay = clock.day > w.lastDay ? clock.day : w.lastDay;
}
