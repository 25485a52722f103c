import { Type } from 'typebox';
import type { App } from '../http/types.js';
import { DomainError } from '../errors.js';
import type { MessageSender } from '../adapters/messaging.js';
import { outboxHandlers, runSweep } from '../jobs/scheduler.js';
import type { TestClock } from './test-clock.js';

const ClockBody = Type.Object(
  {
    set: Type.Optional(Type.String({ format: 'date-time', description: 'Move the clock to this instant (ISO 8601 with offset); it ticks on from there' })),
    advanceMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 400 * 86_400_000, description: 'Jump the clock forward by this many milliseconds' })),
  },
  { additionalProperties: false },
);

const ONE_OF = { zh: '请给出 set 或 advanceMs 之一', en: 'Give exactly one of set or advanceMs' };

/**
 * Test-only routes (ADR 0033), registered only when the server was started with TONGBAN_TEST_CLOCK=1
 * (refused in production): without it these paths do not exist (404). Hidden from the OpenAPI document
 * in every build — they are not part of the API integrators may use.
 */
export function testClockRoutes(app: App, deps: { clock: TestClock; messages: MessageSender }): void {
  const present = () => ({ now: deps.clock.now().toISOString(), offsetMs: deps.clock.offset });

  app.get('/api/test/clock', { schema: { hide: true }, config: { permission: 'public' } }, async () => present());

  app.post('/api/test/clock', { schema: { hide: true, body: ClockBody }, config: { permission: 'public' } }, async (req) => {
    const { set, advanceMs } = req.body;
    if ((set === undefined) === (advanceMs === undefined)) throw new DomainError('VALIDATION_FAILED', ONE_OF, [{ code: 'one_of', path: '/set', ...ONE_OF }]);
    if (set !== undefined) deps.clock.set(new Date(set));
    else deps.clock.advance(advanceMs ?? 0);
    req.log.warn(`test clock moved to ${deps.clock.now().toISOString()}`);
    return present();
  });

  // The scheduler sweeps once a minute; a journey that moved the clock runs the sweep now instead of waiting.
  app.post('/api/test/sweep', { schema: { hide: true }, config: { permission: 'public' } }, async () => {
    const report = await runSweep(app.db, deps.clock.now(), outboxHandlers(app.db, deps.messages));
    return { ...present(), report };
  });
}
