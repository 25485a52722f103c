import { Type } from 'typebox';

/**
 * Request schemas for bundles. `BundleContentSchema` mirrors `BundleContent` in the core: the shape is
 * checked here; the bundle rules (conflicting fields, critical path, cycles …) by `validateBundle`.
 */
const Str = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
const Key = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });
const Lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
export const Uuid = Type.String({ format: 'uuid' });

const Option = Type.Object(
  {
    id: Key,
    label: Str(200, 1),
    default: Type.Optional(Type.Boolean()),
    memberSituations: Type.Optional(Type.Record(Key, Type.Array(Key, { maxItems: 20 }), { maxProperties: 30 })),
  },
  { additionalProperties: false },
);

const Member = Type.Object(
  {
    key: Key,
    itemId: Uuid,
    when: Type.Optional(Type.Array(Type.Object({ questionId: Key, optionIds: Type.Array(Key, { minItems: 1, maxItems: 20 }) }, { additionalProperties: false }), { maxItems: 10 })),
    dependsOn: Type.Optional(
      Type.Array(
        Type.Object(
          {
            memberKey: Key,
            mappings: Type.Array(Type.Object({ from: Type.String({ pattern: '^(resultNo|field:[A-Za-z0-9_-]{1,64})$' }), toField: Key }, { additionalProperties: false }), { maxItems: 20 }),
            providesMaterials: Type.Optional(Type.Array(Key, { maxItems: 20 })),
          },
          { additionalProperties: false },
        ),
        { maxItems: 20 },
      ),
    ),
  },
  { additionalProperties: false },
);

export const BundleContentSchema = Type.Object(
  {
    name: Str(100, 1),
    description: Str(5000),
    regionCode: Type.String({ pattern: '^\\d{6}(\\d{3}(\\d{3})?)?$' }),
    topic: Str(50, 1),
    category: Str(50, 1),
    applicantTypes: Type.Array(Lit(['natural_person', 'legal_person'] as const), { minItems: 1, maxItems: 2 }),
    members: Type.Array(Member, { minItems: 1, maxItems: 30 }),
    questions: Type.Array(Type.Object({ id: Key, question: Str(200, 1), multiple: Type.Boolean(), options: Type.Array(Option, { maxItems: 20 }) }, { additionalProperties: false }), { maxItems: 20 }),
    refusalPolicy: Lit(['continue', 'stop'] as const),
    limitDays: Type.Integer({ minimum: 0, maximum: 365 }),
    basis: Type.Optional(Str(500)),
  },
  { additionalProperties: false },
);

/** Situation answers: question id → chosen option ids. */
export const Answers = Type.Record(Key, Type.Array(Key, { maxItems: 20 }), { maxProperties: 20 });

const FormValue = Type.Unsafe<string | number | boolean | null>({ type: ['string', 'number', 'boolean', 'null'], maxLength: 2000 });
const FileRef = Type.Object({ code: Str(200, 1), fileId: Type.String({ pattern: '^[0-9a-f]{64}$' }), fileName: Str(200, 1) }, { additionalProperties: false });
const LibraryRef = Type.Object({ code: Str(200, 1), libraryId: Uuid }, { additionalProperties: false });
const LicenceRef = Type.Object({ code: Str(200, 1), identifier: Type.String({ minLength: 1, maxLength: 120 }) }, { additionalProperties: false });
const DataUseRef = Type.Object({ code: Str(200, 1), purpose: Type.String({ minLength: 1, maxLength: 40, description: '用途: the purpose the catalogue names for the material (the applicant consents to it)' }) }, { additionalProperties: false });

export const ApplyBody = Type.Object(
  {
    bundleId: Uuid,
    answers: Answers,
    formData: Type.Record(Type.String({ maxLength: 64 }), FormValue, { maxProperties: 300 }),
    /** One file per material code (一次收齐), serving every member that needs it. */
    materials: Type.Array(FileRef, { maxItems: 100 }),
    /** Materials taken from the applicant's library (我的材料) instead of a new upload. */
    fromLibrary: Type.Optional(Type.Array(LibraryRef, { maxItems: 100 })),
    /** 免证办 (ADR 0044): a material whose catalogue entries name a licence type, replaced by one of the applicant's licences. */
    licences: Type.Optional(Type.Array(LicenceRef, { maxItems: 50 })),
    /** 免证办 via data (ADR 0030, 0044): a material read from a register, for the purpose its catalogue entries name. */
    dataUses: Type.Optional(Type.Array(DataUseRef, { maxItems: 50 })),
    /** At the window: the applicant in front of the clerk. */
    applicantId: Type.Optional(Uuid),
    /** 经办人 (ADR 0041): online, the enterprise a registered agent applies for (every member in the grant's scope). */
    onBehalfOf: Type.Optional(Type.String({ format: 'uuid', description: '经办人: the enterprise (legal-person account) the logged-in agent applies for' })),
    /** 帮办代办 at the window (ADR 0041): the person's recorded authorisation (POST /api/hall/assist/authorisations). */
    assistAuthorisationId: Type.Optional(Type.String({ format: 'uuid', description: '帮办代办: the authorisation (委托书 or SMS confirmation) the clerk files the bundle with' })),
    /** The clerk declares 帮办代办: refused with 400 ASSIST_AUTHORISATION_REQUIRED without an authorisation. */
    assisted: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const CorrectionItemBody = Type.Object({ memberKey: Key, materialId: Key, reason: Str(500, 1) }, { additionalProperties: false });
export const ResubmitBody = Type.Object({ materials: Type.Array(FileRef, { maxItems: 100 }) }, { additionalProperties: false });
export const ReasonBody = Type.Object({ reason: Str(500, 1) }, { additionalProperties: false });
export const DeliverBody = Type.Object({ method: Lit(['window', 'express', 'electronic'] as const), trackingNo: Type.Optional(Str(50, 1)) }, { additionalProperties: false });

/** A saved 一件事 application (ADR 0044): what a submission takes, possibly incomplete; the applicant's own. */
export const DraftBody = Type.Omit(ApplyBody, ['applicantId', 'onBehalfOf', 'assistAuthorisationId', 'assisted']);
