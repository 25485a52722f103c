import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_CHARGE_FEN, catalogueFeeFen, fenOfYuan, formatFenAsYuan, isValidChargeFen } from './fees.js';
import type { Fee } from './types.js';

const law: Fee['basis'] = { law: '《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》', article: '发改价格规〔2016〕2559号' };
const fee = (amountFen: number | undefined, situationOptionIds?: string[]): Fee => ({ name: '登记费', standard: '每件', basis: law, onlinePayment: false, ...(amountFen === undefined ? {} : { amountFen }), ...(situationOptionIds ? { situationOptionIds } : {}) });

describe('catalogueFeeFen: the fee a case pins for the chosen situations', () => {
  it('is 0 for a free item (no fees listed), whatever was chosen', () => {
    expect(catalogueFeeFen([], [])).toBe(0);
    expect(catalogueFeeFen([], ['o-agent'])).toBe(0);
  });

  it('sums every fee without options', () => {
    expect(catalogueFeeFen([fee(8000)], [])).toBe(8000);
    expect(catalogueFeeFen([fee(8000), fee(550)], [])).toBe(8550);
    expect(catalogueFeeFen([fee(0)], [])).toBe(0);
  });

  it('adds a fee with options only when the applicant chose one of its options', () => {
    const fees = [fee(8000), fee(550, ['o-certificate']), fee(1000, ['o-agent', 'o-post'])];
    expect(catalogueFeeFen(fees, [])).toBe(8000);
    expect(catalogueFeeFen(fees, ['o-certificate'])).toBe(8550);
    expect(catalogueFeeFen(fees, ['o-post'])).toBe(9000);
    expect(catalogueFeeFen(fees, ['o-agent', 'o-post'])).toBe(9000); // one fee, counted once
    expect(catalogueFeeFen(fees, ['o-certificate', 'o-agent'])).toBe(9550);
    expect(catalogueFeeFen(fees, ['o-unrelated'])).toBe(8000);
  });

  it('is null (not judged) when a fee that applies has no fixed amount, and ignores a varying fee that does not apply', () => {
    expect(catalogueFeeFen([fee(undefined)], [])).toBeNull();
    expect(catalogueFeeFen([fee(8000), fee(undefined)], [])).toBeNull();
    expect(catalogueFeeFen([fee(8000), fee(undefined, ['o-x'])], [])).toBe(8000);
    expect(catalogueFeeFen([fee(8000), fee(undefined, ['o-x'])], ['o-x'])).toBeNull();
  });

  it('takes the chosen options as a list or as a set', () => {
    const fees = [fee(100), fee(200, ['o-a'])];
    expect(catalogueFeeFen(fees, new Set(['o-a']))).toBe(catalogueFeeFen(fees, ['o-a']));
  });

  const feeList = fc.array(fc.record({ amount: fc.option(fc.nat(1_000_000), { nil: undefined }), options: fc.subarray(['o-a', 'o-b', 'o-c']) }), { maxLength: 6 });
  const toFees = (spec: { amount: number | undefined; options: string[] }[]) => spec.map((f) => fee(f.amount, f.options.length ? f.options : undefined));
  const chosenOptions = fc.subarray(['o-a', 'o-b', 'o-c', 'o-d']);

  it('law: it is the sum of the applicable fixed fees, or null exactly when an applicable fee varies', () => {
    fc.assert(
      fc.property(feeList, chosenOptions, (spec, chosen) => {
        const applicable = spec.filter((f) => f.options.length === 0 || f.options.some((o) => chosen.includes(o)));
        const expected = applicable.some((f) => f.amount === undefined) ? null : applicable.reduce((sum, f) => sum + (f.amount ?? 0), 0);
        expect(catalogueFeeFen(toFees(spec), chosen)).toBe(expected);
      }),
    );
  });

  it('law: the order of the fees does not matter, and choosing more options never lowers a fixed fee', () => {
    fc.assert(
      fc.property(feeList, chosenOptions, chosenOptions, (spec, chosen, more) => {
        const fees = toFees(spec);
        expect(catalogueFeeFen([...fees].reverse(), chosen)).toBe(catalogueFeeFen(fees, chosen));
        const base = catalogueFeeFen(fees, chosen);
        const wider = catalogueFeeFen(fees, [...chosen, ...more]);
        if (base !== null && wider !== null) expect(wider).toBeGreaterThanOrEqual(base);
        if (base === null) expect(wider).toBeNull(); // a varying fee that applied still applies
      }),
    );
  });

  it('law: a fixed result is a non-negative integer', () => {
    fc.assert(
      fc.property(feeList, chosenOptions, (spec, chosen) => {
        const total = catalogueFeeFen(toFees(spec), chosen);
        if (total !== null) expect(Number.isSafeInteger(total) && total >= 0).toBe(true);
      }),
    );
  });
});

describe('amounts: fen and 元', () => {
  it('accepts a charge that is a whole number of fen from 0 to 10^10', () => {
    expect(isValidChargeFen(0)).toBe(true);
    expect(isValidChargeFen(8000)).toBe(true);
    expect(isValidChargeFen(MAX_CHARGE_FEN)).toBe(true);
    expect(isValidChargeFen(MAX_CHARGE_FEN + 1)).toBe(false);
    expect(isValidChargeFen(-1)).toBe(false);
    expect(isValidChargeFen(1.5)).toBe(false);
    expect(isValidChargeFen(Number.NaN)).toBe(false);
    expect(isValidChargeFen(Number.POSITIVE_INFINITY)).toBe(false);
  });

  it('shows fen as 元 with two decimals', () => {
    expect(formatFenAsYuan(8000)).toBe('80.00');
    expect(formatFenAsYuan(8550)).toBe('85.50');
    expect(formatFenAsYuan(5)).toBe('0.05');
    expect(formatFenAsYuan(0)).toBe('0.00');
    expect(formatFenAsYuan(-150)).toBe('-1.50');
    expect(formatFenAsYuan(MAX_CHARGE_FEN)).toBe('100000000.00');
  });

  it('reads 元 typed with up to two decimals as fen, and refuses anything that is not a charge', () => {
    expect(fenOfYuan(80)).toBe(8000);
    expect(fenOfYuan(80.1)).toBe(8010);
    expect(fenOfYuan(0.29)).toBe(29); // 0.29 * 100 is 28.999… in binary
    expect(fenOfYuan(0)).toBe(0);
    expect(fenOfYuan(0.001)).toBeNull();
    expect(fenOfYuan(-1)).toBeNull();
    expect(fenOfYuan(100_000_000.01)).toBeNull();
    expect(fenOfYuan(Number.NaN)).toBeNull();
  });

  it('law: every valid charge survives being shown in 元 and typed back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_CHARGE_FEN }), (fen) => {
        expect(fenOfYuan(Number(formatFenAsYuan(fen)))).toBe(fen);
      }),
    );
  });
});
