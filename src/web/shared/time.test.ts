import { describe, expect, it } from 'vitest';
import { beijingToday, formatDateTime } from './time.js';

describe('times are shown in Beijing time', () => {
  it('formats a UTC instant as Asia/Shanghai (UTC+8), across the date line', () => {
    expect(formatDateTime('2026-03-02T05:08:20.000Z')).toBe('2026-03-02 13:08');
    expect(formatDateTime('2026-12-31T16:30:00Z')).toBe('2027-01-01 00:30');
    expect(beijingToday(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01');
  });

  it('shows a dash for a missing or unreadable time', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a time')).toBe('—');
  });
});
