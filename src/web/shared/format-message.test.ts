import { describe, expect, it } from 'vitest';
import { formatMessage } from './format-message.js';
import { en, zh } from './messages.js';

describe('English plural forms (no more "1 trip(s)")', () => {
  it('picks the singular for one and the plural otherwise', () => {
    const t = '{n} {n:trip|trips}';
    expect(formatMessage(t, { n: 1 }, 'en-US')).toBe('1 trip');
    expect(formatMessage(t, { n: 0 }, 'en-US')).toBe('0 trips');
    expect(formatMessage(t, { n: 2 }, 'en-US')).toBe('2 trips');
  });

  it('fills plain variables and leaves unknown ones', () => {
    expect(formatMessage('共 {n} 个事项', { n: 3 }, 'zh-CN')).toBe('共 3 个事项');
    expect(formatMessage('{a} and {b}', { a: 'x' }, 'en-US')).toBe('x and {b}');
  });

  it('the guide\'s 免证办 count reads "1 material", never "material(s)"', () => {
    expect(formatMessage(en['guide.licenceExempt'], { n: 1 }, 'en-US')).toBe('1 material can be replaced by an electronic licence or shared data');
    expect(formatMessage(en['guide.licenceExempt'], { n: 2 }, 'en-US')).toBe('2 materials can be replaced by an electronic licence or shared data');
    expect(formatMessage(zh['guide.licenceExempt'], { n: 2 }, 'zh-CN')).toBe('本事项可免提交 2 项材料（以电子证照或共享数据代替）');
  });
});
