import { Type } from 'typebox';

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const TokenParams = Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{32}$' }) });
export const Level = Type.Union([Type.Literal(5), Type.Literal(4), Type.Literal(3), Type.Literal(2), Type.Literal(1)], { description: '5 非常满意 … 1 非常不满意 (2 and 1 are 差评)' });
const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { maxItems: 6 });
const Comment = Type.String({ maxLength: 500 });

export const RatingBody = Type.Object(
  {
    service: Type.Union([Type.Literal('case'), Type.Literal('window')], { description: 'The case service (after 办结) or the window service at intake' }),
    level: Level,
    tags: Tags,
    comment: Type.Optional(Comment),
    anonymous: Type.Optional(Type.Boolean({ description: 'Rate anonymously: counted, flagged, no 回访' })),
  },
  { additionalProperties: false },
);

export const TokenRatingBody = Type.Object({ level: Level, tags: Tags, comment: Type.Optional(Comment), anonymous: Type.Optional(Type.Boolean()) }, { additionalProperties: false });

export const FollowUpBody = Type.Object(
  { kind: Type.Union([Type.Literal('follow_up'), Type.Literal('re_rating')], { description: '追评, or the re-rating after rectification' }), level: Level, tags: Tags, comment: Type.Optional(Comment) },
  { additionalProperties: false },
);

export const TokenBody = Type.Object({ service: Type.Union([Type.Literal('case'), Type.Literal('window')]), channel: Type.Union([Type.Literal('sms'), Type.Literal('tablet')]) }, { additionalProperties: false });

/** A bundle is rated as one service (ADR 0043): only the channel is chosen. */
export const BundleTokenBody = Type.Object({ channel: Type.Union([Type.Literal('sms'), Type.Literal('tablet')]) }, { additionalProperties: false });

export const StepBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 1000, description: '回访 outcome, or what was rectified' }) }, { additionalProperties: false });

export const AppealBody = Type.Object(
  {
    reason: Type.String({ minLength: 1, maxLength: 1000 }),
    evidence: Type.Array(Type.Object({ fileId: Type.String({ pattern: '^[0-9a-f]{64}$' }), name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }), { maxItems: 10 }),
  },
  { additionalProperties: false },
);

export const DecisionBody = Type.Object({ accept: Type.Boolean(), note: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false });

const Day = (description: string) => Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
export const PublicRatingsQuery = Type.Object(
  {
    orgId: Type.Optional(Type.String({ format: 'uuid' })),
    implId: Type.Optional(Type.String({ format: 'uuid' })),
    // ADR 0042: an optional period (both days or neither, at most two years); all time without it.
    from: Type.Optional(Day('First day rated (YYYY-MM-DD, Beijing time); with `to`')),
    to: Type.Optional(Day('Last day rated, included; with `from`')),
  },
  { additionalProperties: false },
);
