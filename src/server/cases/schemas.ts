import { Type } from 'typebox';
import { MAX_CHARGE_FEN } from '../../core/catalogue/fees.js';

const Str = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
/** A form value as sent: text (≤ 2000 characters), a number, yes/no or empty. */
const FormValue = Type.Unsafe<string | number | boolean | null>({ type: ['string', 'number', 'boolean', 'null'], maxLength: 2000 });

export const NewCaseBody = Type.Object(
  {
    implId: Type.String({ format: 'uuid' }),
    // A value of any listed JSON type is kept as sent, and the item's own schema (src/core/forms) decides
    // what each field must be. Bodies are not coerced (ADR 0050), so a union of the same four types would
    // now do as well; the type list stays as the smaller schema (one type check, no branches).
    formData: Type.Record(Type.String({ maxLength: 64 }), FormValue, { maxProperties: 200 }),
    situationAnswers: Type.Record(Type.String({ maxLength: 64 }), Type.Array(Str(64), { maxItems: 20 })),
    materials: Type.Array(Type.Object({ materialId: Str(64), fileId: Type.String({ pattern: '^[0-9a-f]{64}$' }), fileName: Str(200) }, { additionalProperties: false }), { maxItems: 100 }),
    applicantId: Type.Optional(Type.String({ format: 'uuid' })),
    /** 帮办代办 (ADR 0037): at the window, the person's recorded authorisation (POST /api/hall/assist/authorisations). */
    assistAuthorisationId: Type.Optional(Type.String({ format: 'uuid', description: '帮办代办: the authorisation (委托书 or SMS confirmation) the clerk files with' })),
    /** 帮办代办 declared by the clerk (ADR 0041): refused with 400 ASSIST_AUTHORISATION_REQUIRED without `assistAuthorisationId`. */
    assisted: Type.Optional(Type.Boolean({ description: '帮办代办: the clerk files for a person who is not present; needs assistAuthorisationId' })),
    /** 经办人 (ADR 0037): online, the enterprise a registered agent applies for. */
    onBehalfOf: Type.Optional(Type.String({ format: 'uuid', description: '经办人: the enterprise (legal-person account) the logged-in agent applies for' })),
    commitments: Type.Optional(Type.Array(Str(64), { maxItems: 50 })),
    /** 免证办: materials fulfilled by the applicant's own valid licence instead of an upload (ADR 0021). */
    licences: Type.Optional(Type.Array(Type.Object({ materialId: Str(64), identifier: Type.String({ minLength: 1, maxLength: 120 }) }, { additionalProperties: false }), { maxItems: 50 })),
    // Purpose optional in the schema so that a use without one gets the policy's own clear refusal (zh / en).
    dataUses: Type.Optional(Type.Array(Type.Object({ materialId: Str(64), purpose: Type.Optional(Type.String({ maxLength: 40, description: '用途: the purpose the catalogue names for the material (the applicant consents to it)' })) }, { additionalProperties: false }), { maxItems: 50, description: '免证办 via data: materials fulfilled by a read of the applicant’s own data (ADR 0030)' })),
    /** 我的材料: materials taken from the applicant's library (an entry of the same material code) instead of an upload (ADR 0027). */
    fromLibrary: Type.Optional(Type.Array(Type.Object({ materialId: Str(64), libraryId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }), { maxItems: 50 })),
  },
  { additionalProperties: false },
);

const common = { expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })) };

/**
 * 收费 (ADR 0048): the fee charged with a decision, in fen — judged by 电子监察 against the fee the case
 * pinned from the catalogue. Only a JSON number is a charge: bodies are validated without type coercion
 * (ADR 0050), so "80", true or null is refused by the schema itself.
 */
const ChargedFen = Type.Optional(
  Type.Integer({ minimum: 0, maximum: MAX_CHARGE_FEN, title: '实收金额（分） Amount charged (fen)', description: '收费: the fee charged, in fen (分), a whole number from 0 to 10^10; compared with the catalogue fee (电子监察 fee_mismatch)' }),
);

/** The clerk's intake checklist: each material received, and whether the original was seen (issue 9 item 1). */
const Received = Type.Array(Type.Object({ materialId: Str(64), originalSeen: Type.Boolean() }, { additionalProperties: false }), { maxItems: 100 });

/** One body per lifecycle command, discriminated by `type`. */
export const CommandBody = Type.Union([
  Type.Object(
    {
      type: Type.Literal('submit'),
      ...common,
      // Resubmitting after a correction notice carries the corrected materials.
      materials: Type.Optional(Type.Array(Type.Object({ materialId: Str(64), fileId: Type.String({ pattern: '^[0-9a-f]{64}$' }), fileName: Str(200) }, { additionalProperties: false }), { maxItems: 100 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { type: Type.Literal('request_correction'), ...common, missing: Type.Array(Type.Object({ materialId: Str(64), reason: Str(500) }, { additionalProperties: false }), { minItems: 1, maxItems: 100 }) },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal('accept'), ...common, received: Received }, { additionalProperties: false }),
  Type.Object(
    { type: Type.Literal('accept_with_gaps'), ...common, received: Received, owed: Type.Array(Type.Object({ materialId: Str(64), dueDate: IsoDate }, { additionalProperties: false }), { minItems: 1, maxItems: 50 }) },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal('complete_on_the_spot'), ...common, received: Received, chargedFen: ChargedFen }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('refuse'), ...common, reason: Str(1000), remedies: Str(1000) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('claim'), ...common }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('release'), ...common }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('advance'), ...common, comment: Str(1000) }, { additionalProperties: false }),
  Type.Object(
    {
      type: Type.Literal('suspend'),
      ...common,
      procedure: Str(100),
      reason: Str(1000),
      // Evidence for the special procedure (e.g. the hearing notice or the inspection order).
      evidence: Type.Optional(Type.Array(Type.Object({ fileId: Type.String({ pattern: '^[0-9a-f]{64}$' }), fileName: Str(200) }, { additionalProperties: false }), { maxItems: 20 })),
    },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal('resume'), ...common }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('extend'), ...common, days: Type.Integer({ minimum: 1, maximum: 15 }), reason: Str(1000) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('decide'), ...common, decision: Type.Union([Type.Literal('approved'), Type.Literal('denied')]), reason: Str(2000), chargedFen: ChargedFen }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('supply_owed'), ...common, materialId: Str(64), fileId: Type.String({ pattern: '^[0-9a-f]{64}$' }), fileName: Str(200) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('complete'), ...common }, { additionalProperties: false }),
  Type.Object(
    { type: Type.Literal('deliver'), ...common, method: Type.Union([Type.Literal('window'), Type.Literal('express'), Type.Literal('electronic')]), trackingNo: Type.Optional(Str(50)) },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal('withdraw'), ...common, reason: Str(500) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('terminate'), ...common, reason: Str(1000) }, { additionalProperties: false }),
]);

export const LookupBody = Type.Union([
  Type.Object({ idNumber: Type.String({ pattern: '^\\d{17}[\\dX]$' }), name: Type.Optional(Str(50)), phone: Type.Optional(Type.String({ pattern: '^1[3-9]\\d{9}$' })) }, { additionalProperties: false }),
  Type.Object({ creditCode: Type.String({ pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' }), name: Type.Optional(Str(100)), legalRepresentative: Type.Optional(Str(50)), phone: Type.Optional(Type.String({ pattern: '^1[3-9]\\d{9}$' })) }, { additionalProperties: false }),
]);
