import { describe, expect, it } from 'vitest';
import { itemTitle, itemTitleEn } from './names.js';

describe('item titles in both languages (issue 9, English mode)', () => {
  it('reads 主项（子项） in Chinese and the English names where the catalogue has them', () => {
    expect(itemTitle({ mainName: '户口迁移', subName: '市外迁入' })).toBe('户口迁移（市外迁入）');
    expect(itemTitle({ mainName: '临时救助' })).toBe('临时救助');
    expect(itemTitleEn({ mainName: '户口迁移', subName: '市外迁入', mainNameEn: 'Household registration transfer', subNameEn: 'Moving in from another city' })).toBe('Household registration transfer (Moving in from another city)');
    expect(itemTitleEn({ mainName: '临时救助', mainNameEn: 'Temporary assistance' })).toBe('Temporary assistance');
  });

  it('falls back: no English main name gives null (the caller shows the Chinese title); a missing English sub-name keeps the Chinese one', () => {
    expect(itemTitleEn({ mainName: '临时救助' })).toBeNull();
    expect(itemTitleEn({ mainName: '临时救助', mainNameEn: '  ' })).toBeNull();
    expect(itemTitleEn({ mainName: '户口迁移', subName: '市外迁入', mainNameEn: 'Household registration transfer' })).toBe('Household registration transfer (市外迁入)');
  });
});
