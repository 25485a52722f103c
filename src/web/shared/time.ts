/**
 * Every time shown to a person is Beijing time (Asia/Shanghai), whatever the browser's time zone:
 * the hall, its deadlines and its notices live in China Standard Time. The one formatting place for
 * the web (issue 9: the public badge showed UTC beside Beijing-time entries).
 */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: DISPLAY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(at: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
  const out = { year: '', month: '', day: '', hour: '', minute: '' };
  for (const p of PARTS.formatToParts(at)) if (p.type in out) out[p.type as keyof typeof out] = p.value;
  return out;
}

/** '2026-03-02 10:05' in Beijing time; '—' for no time or an unreadable one. */
export function formatDateTime(at: string | Date | null | undefined): string {
  if (at === null || at === undefined) return '—';
  const d = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(d.getTime())) return '—';
  const p = parts(d);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** Today's date in Beijing ('2026-12-31'), e.g. the default year of the calendar editor. */
export function beijingToday(now = new Date()): string {
  const p = parts(now);
  return `${p.year}-${p.month}-${p.day}`;
}
