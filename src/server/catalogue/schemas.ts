import { Type, type Static } from 'typebox';
import { ITEM_TYPES } from '../../core/catalogue/types.js';

/**
 * Request schemas for the catalogue. `ItemContentSchema` mirrors `ItemContent` in the core: the shape is
 * checked here (types, lengths, enums); the catalogue rules (promised ≤ legal, basis for every material …)
 * are checked by the core's `validateItem` so that every problem is listed at once.
 */
const Str = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
const Lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

const LegalBasis = Type.Object(
  { law: Str(200, 1), article: Type.Optional(Str(100)), text: Type.Optional(Str(2000)) },
  { additionalProperties: false },
);

const Material = Type.Object(
  {
    id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
    code: Type.Optional(Str(64, 1)),
    name: Str(200, 1),
    source: Lit(['applicant', 'government', 'intermediary', 'other'] as const),
    form: Lit(['original', 'copy', 'electronic', 'original_and_copy'] as const),
    copies: Type.Integer({ minimum: 0, maximum: 99 }),
    required: Type.Boolean(),
    key: Type.Boolean(),
    gapAllowed: Type.Boolean(),
    commitmentAllowed: Type.Optional(Type.Boolean()),
    basis: Type.Optional(LegalBasis),
    requirements: Type.Optional(Str(2000)),
    blankFormUrl: Type.Optional(Str(500)),
    sampleUrl: Type.Optional(Str(500)),
    situationOptionIds: Type.Optional(Type.Array(Str(64, 1), { maxItems: 50 })),
    licenceType: Type.Optional(Str(100)),
    validityMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 240 })),
    sharedDataSource: Type.Optional(Str(100)),
    dataFulfilment: Type.Optional(Type.Object({ source: Str(40, 1), purpose: Str(40, 1) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

const Situation = Type.Object(
  {
    id: Str(64, 1),
    question: Str(300, 1),
    multiple: Type.Boolean(),
    options: Type.Array(Type.Object({ id: Str(64, 1), label: Str(200, 1) }, { additionalProperties: false }), { minItems: 1, maxItems: 30 }),
  },
  { additionalProperties: false },
);

const Fee = Type.Object(
  {
    name: Str(200),
    standard: Str(500),
    amountFen: Type.Optional(Type.Integer({ minimum: 0 })),
    basis: Type.Object({ law: Str(200), article: Type.Optional(Str(100)), text: Type.Optional(Str(2000)) }, { additionalProperties: false }),
    onlinePayment: Type.Boolean(),
    /** 情形引导: the fee applies only when the applicant chose one of these options (as for materials). */
    situationOptionIds: Type.Optional(Type.Array(Str(64, 1), { maxItems: 50 })),
  },
  { additionalProperties: false },
);

const FlowStep = Type.Object(
  {
    id: Str(64, 1),
    name: Str(100, 1),
    role: Lit(['window_clerk', 'approver_handle', 'approver_review', 'approver_signoff'] as const),
    department: Type.Optional(Str(100)),
    limitDays: Type.Integer({ minimum: -1000, maximum: 1000 }),
    decision: Type.Optional(Type.Boolean()),
    description: Type.Optional(Str(1000)),
  },
  { additionalProperties: false },
);

const SpecialProcedure = Type.Object(
  {
    name: Str(100),
    timeNeeded: Str(200),
    basis: Type.Object({ law: Str(200), article: Type.Optional(Str(100)), text: Type.Optional(Str(2000)) }, { additionalProperties: false }),
    countedInLimit: Type.Boolean(),
  },
  { additionalProperties: false },
);

const FormField = Type.Object(
  {
    type: Lit(['string', 'number', 'integer', 'boolean'] as const),
    title: Str(100, 1),
    description: Type.Optional(Str(500)),
    enum: Type.Optional(Type.Array(Type.Union([Type.String({ maxLength: 200 }), Type.Number()]), { maxItems: 100 })),
    format: Type.Optional(Str(50)),
    maxLength: Type.Optional(Type.Integer({ minimum: 1 })),
    minimum: Type.Optional(Type.Number()),
    maximum: Type.Optional(Type.Number()),
    'x-prefill': Type.Optional(Str(64)),
    'x-personal': Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const FieldKey = Str(64, 1);
const FormRules = {
  allOf: Type.Optional(
    Type.Array(
      Type.Object(
        {
          if: Type.Object({ properties: Type.Record(FieldKey, Type.Object({ const: Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean()]) }, { additionalProperties: false })), required: Type.Array(FieldKey, { maxItems: 20 }) }, { additionalProperties: false }),
          then: Type.Object({ required: Type.Array(FieldKey, { minItems: 1, maxItems: 50 }) }, { additionalProperties: false }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 30 },
    ),
  ),
  'x-conditions': Type.Optional(Type.Array(Type.Object({ situationId: FieldKey, optionId: FieldKey, required: Type.Array(FieldKey, { minItems: 1, maxItems: 50 }) }, { additionalProperties: false }), { maxItems: 30 })),
};

const FormSchema = Type.Object(
  {
    type: Type.Literal('object'),
    title: Type.Optional(Str(200)),
    required: Type.Optional(Type.Array(Str(64, 1), { maxItems: 100 })),
    properties: Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' }), FormField),
    ...FormRules,
  },
  { additionalProperties: false },
);

export const ItemContentSchema = Type.Object(
  {
    mainName: Str(200, 1),
    subName: Type.Optional(Str(200)),
    mainNameEn: Type.Optional(Str(200)),
    subNameEn: Type.Optional(Str(200)),
    itemType: Lit(ITEM_TYPES),
    baseCode: Str(40, 1),
    implCode: Str(40, 1),
    basis: Type.Array(LegalBasis, { maxItems: 50 }),
    implementingBody: Type.Object({ name: Str(200, 1), creditCode: Str(18, 18), orgId: Type.Optional(Type.String()) }, { additionalProperties: false }),
    category: Str(50, 1),
    applicantTypes: Type.Array(Lit(['natural_person', 'legal_person'] as const), { minItems: 1, maxItems: 2 }),
    topics: Type.Optional(Type.Array(Str(50, 1), { maxItems: 20 })),
    legalLimitDays: Type.Integer({ minimum: -1000, maximum: 3650 }),
    promisedLimitDays: Type.Integer({ minimum: -1000, maximum: 3650 }),
    caseKind: Lit(['on_the_spot', 'promised'] as const),
    handlingForms: Type.Array(Lit(['window', 'online', 'post', 'self_service_terminal', 'mobile'] as const), { maxItems: 5 }),
    onlineDepth: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4)]),
    trips: Type.Integer({ minimum: 0, maximum: 20 }),
    acceptsPost: Type.Boolean(),
    serviceScope: Lit(['county', 'city', 'province', 'cross_province', 'national'] as const),
    place: Str(500),
    hours: Str(300),
    consultPhone: Str(50),
    complaintPhone: Str(50),
    resultName: Str(200),
    resultSampleUrl: Type.Optional(Str(500)),
    fees: Type.Array(Fee, { maxItems: 30 }),
    materials: Type.Array(Material, { maxItems: 100 }),
    situations: Type.Array(Situation, { maxItems: 30 }),
    form: FormSchema,
    flow: Type.Array(FlowStep, { maxItems: 30 }),
    specialProcedures: Type.Array(SpecialProcedure, { maxItems: 20 }),
    separationOfDuties: Type.Optional(Type.Boolean()),
    sensitive: Type.Optional(Type.Boolean()),
    conditions: Type.Optional(Str(5000)),
  },
  { additionalProperties: false },
);

export type ItemContentInput = Static<typeof ItemContentSchema>;

export const Uuid = Type.String({ format: 'uuid' });

export const ListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    applicantType: Type.Optional(Lit(['natural_person', 'legal_person'] as const)),
    orgId: Type.Optional(Uuid),
    category: Type.Optional(Type.String({ maxLength: 50 })),
    topic: Type.Optional(Type.String({ maxLength: 50 })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);
