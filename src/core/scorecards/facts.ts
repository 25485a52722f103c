import type { IsoDate } from '../cases/types.js';
import type { WorkingDays } from '../cases/machine.js';
import type { ExportChannel } from './figures.js';

/** cases.channel → the export's channel names (the self-service terminal is the kiosk). */
export function exportChannel(channel: 'online' | 'window' | 'terminal' | 'mobile'): ExportChannel {
  return channel === 'terminal' ? 'kiosk' : channel;
}

/**
 * Working days from acceptance to the decision, the days spent in special procedures excluded
 * (行政许可法 第45条); acceptance day not counted, decision day counted (as the due date is computed).
 */
export function workingDaysUsed(acceptedOn: IsoDate | null, decidedOn: IsoDate | null, pausedDays: number, cal: WorkingDays): number | null {
  if (!acceptedOn || !decidedOn) return null;
  return Math.max(0, cal.countWorkingDays(acceptedOn, decidedOn).count - pausedDays);
}

/** Actions a window clerk records with the applicant in front of them (跑动): the rest is back-office work. */
export const IN_PERSON_ACTIONS = ['submit', 'complete_on_the_spot', 'supply_owed', 'deliver'] as const;

/**
 * 跑动次数: a trip is a day on which the applicant came to a window for the case — a day on which a
 * window clerk took in a submission (or a resubmission), completed it on the spot, took an owed
 * material, or handed over the result at the window (delivery by post or electronically is no trip).
 * An online case accepted by a clerk in the back office has no trip.
 */
export function tripsOf(events: readonly { actorRole: string; action: string; on: IsoDate; deliveryMethod?: string | null }[]): number {
  const inPerson = events.filter((e) => e.actorRole === 'window_clerk' && (IN_PERSON_ACTIONS as readonly string[]).includes(e.action) && (e.action !== 'deliver' || e.deliveryMethod === 'window'));
  return new Set(inPerson.map((e) => e.on)).size;
}
