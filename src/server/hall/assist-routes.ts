import { Type } from 'typebox';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import type { Actor } from '../policies/index.js';
import { SmsCode } from '../identity/schemas.js';
import { confirmAssistAuthorisation, createAssistAuthorisation } from './assist-service.js';

const AuthorisationBody = Type.Union([
  Type.Object(
    {
      applicantId: Type.String({ format: 'uuid' }),
      kind: Type.Literal('letter', { title: '书面委托书 Signed authorisation letter' }),
      fileId: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'The scanned 委托书, uploaded by the clerk through POST /api/files' }),
      fileName: Type.String({ minLength: 1, maxLength: 200 }),
    },
    { additionalProperties: false },
  ),
  Type.Object({ applicantId: Type.String({ format: 'uuid' }), kind: Type.Literal('sms', { title: '短信确认 Confirmation by SMS to the phone on record' }) }, { additionalProperties: false }),
]);

/** 帮办代办 (ADR 0037): the authorisation a hall assistant records before filing for a person (POST /api/cases with assistAuthorisationId). */
export function assistRoutes(app: App, deps: CapabilityDeps): void {
  app.post(
    '/api/hall/assist/authorisations',
    {
      schema: {
        tags: ['hall'],
        summary: '帮办授权 Record a 委托书, or send the person a confirmation code by SMS',
        description: 'A 委托书 counts at once; an SMS authorisation counts once the clerk enters the code the person received (…/confirm). Either serves one case, for two hours.',
        body: AuthorisationBody,
      },
      config: { permission: 'staff' },
    },
    async (req, reply) => {
      const made = await createAssistAuthorisation(app.db, deps.messages, req.actor as Actor, req.body, deps.now());
      reply.status(201);
      return made;
    },
  );

  app.post(
    '/api/hall/assist/authorisations/:id/confirm',
    {
      schema: {
        tags: ['hall'],
        summary: '短信确认 Enter the code the person received (single use, 10 minutes, 5 tries)',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: Type.Object({ code: SmsCode }, { additionalProperties: false }),
      },
      config: { permission: 'staff' },
    },
    async (req) => confirmAssistAuthorisation(app.db, req.actor as Actor, req.params.id, req.body.code, deps.now()),
  );
}
