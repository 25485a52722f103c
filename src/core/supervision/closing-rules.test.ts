import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ACCEPTANCE_ACTIONS, DECISION_ACTIONS, decisionWithoutAcceptance, feeDiffers } from './closing-rules.js';
import { catalogueFeeFen } from '../catalogue/fees.js';
import { timelineRuleHits } from './rules.js';
import type { Fee } from '../catalogue/types.js';

const law: Fee['basis'] = { law: '《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》', article: '发改价格规〔2016〕2559号' };
const fee = (amountFen: number | undefined, situationOptionIds?: string[]): Fee => ({ name: '登记费', standard: '每件', basis: law, onlinePayment: false, ...(amountFen === undefined ? {} : { amountFen }), ...(situationOptionIds ? { situationOptionIds } : {}) });

describe('未受理即作出决定 (decision without acceptance), from the timeline', () => {
  it('fires on a decision or completion before any acceptance, not on a normal case', () => {
    expect(decisionWithoutAcceptance(['submit', 'accept', 'claim', 'decide', 'complete', 'deliver'])).toBe(false);
    expect(decisionWithoutAcceptance(['submit', 'complete_on_the_spot', 'deliver'])).toBe(false);
    expect(decisionWithoutAcceptance(['submit', 'deem_accepted', 'decide'])).toBe(false);
    expect(decisionWithoutAcceptance(['submit', 'claim', 'decide'])).toBe(true);
    expect(decisionWithoutAcceptance(['submit', 'complete'])).toBe(true);
    expect(decisionWithoutAcceptance(['submit', 'decide', 'accept'])).toBe(true);
    expect(decisionWithoutAcceptance([])).toBe(false);
    expect(timelineRuleHits(['submit', 'decide'])).toEqual(['decision_without_acceptance']);
    expect(timelineRuleHits(['submit', 'accept', 'decide'])).toEqual([]);
  });

  const action = fc.constantFrom('submit', 'request_correction', 'resubmit', 'claim', 'advance', 'suspend', 'resume', 'deliver', ...ACCEPTANCE_ACTIONS, ...DECISION_ACTIONS);
  it('law: events after a hit never clear it, and an acceptance first makes any timeline clean', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 12 }), fc.array(action, { maxLength: 6 }), (t, more) => {
        if (decisionWithoutAcceptance(t)) expect(decisionWithoutAcceptance([...t, ...more])).toBe(true);
        expect(decisionWithoutAcceptance(['accept', ...t])).toBe(false);
      }),
    );
  });

  it('law: a timeline without a decision never hits', () => {
    const undecided = fc.constantFrom('submit', 'request_correction', 'resubmit', 'claim', 'advance', 'suspend', 'resume', 'deliver', 'accept', 'accept_with_gaps', 'deem_accepted', 'withdraw');
    fc.assert(
      fc.property(fc.array(undecided, { maxLength: 12 }), (t) => {
        expect(decisionWithoutAcceptance(t)).toBe(false);
      }),
    );
  });
});

describe('收费与目录不符 (fee different from the catalogue)', () => {
  it('fires only on a recorded charge that differs from a fixed catalogue fee', () => {
    expect(feeDiffers(8000, 8000)).toBe(false);
    expect(feeDiffers(10000, 8000)).toBe(true);
    expect(feeDiffers(2000, 0)).toBe(true); // charging for a free service
    expect(feeDiffers(undefined, 8000)).toBe(false);
    expect(feeDiffers(null, 8000)).toBe(false);
    expect(feeDiffers(10000, null)).toBe(false);
  });

  it('law: a charge equal to the catalogue fee never hits; any other charge does', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(100_000), fc.boolean()), { maxLength: 5 }), fc.nat(200_000), (fees, charged) => {
        const list = fees.map(([amount, conditional]) => fee(amount, conditional ? ['o-a'] : undefined));
        const expected = catalogueFeeFen(list, ['o-a']);
        expect(expected).not.toBeNull();
        expect(feeDiffers(expected, expected)).toBe(false);
        expect(feeDiffers(charged, expected)).toBe(charged !== expected);
      }),
    );
  });
});
