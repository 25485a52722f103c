import { describe, expect, it } from 'vitest';
import { milestoneOf } from './milestones.js';

describe('item 8: public progress shows milestones, not internal steps', () => {
  it.each(['claim', 'release', 'advance', 'save_draft', 'some_future_internal_step', 'toString', '__proto__'])('%s is internal', (action) => {
    expect(milestoneOf(action)).toBeNull();
  });

  it.each([
    ['submit', 'submitted'],
    ['accept', 'accepted'],
    ['accept_with_gaps', 'accepted'],
    ['request_correction', 'correction'],
    ['suspend', 'special_procedure'],
    ['resume', 'special_procedure'],
    ['decide', 'decided'],
    ['complete', 'completed'],
    ['complete_on_the_spot', 'completed'],
    ['deliver', 'delivered'],
  ])('%s shows as %s', (action, milestone) => {
    expect(milestoneOf(action)).toBe(milestone);
  });
});
