import { Type } from 'typebox';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import type { Actor } from '../policies/index.js';
import { loadProfile, updateProfile } from './service.js';

/** What an applicant keeps: known keys per kind are checked by the core (profileProblems); the shape here. */
const ProfileBody = Type.Object(
  {
    fields: Type.Record(Type.String({ pattern: '^[A-Za-z]{1,40}$' }), Type.String({ maxLength: 500 }), { maxProperties: 30 }),
    /** Where the change was made: the 我的资料 page (default) or an application's save-back. */
    source: Type.Optional(Type.Union([Type.Literal('profile'), Type.Literal('application')])),
  },
  { additionalProperties: false },
);

/** 办事资料 (issue 10): the applicant's profile that fills forms by field key. */
export function profileRoutes(app: App, deps: CapabilityDeps): void {
  app.get('/api/me/profile', { schema: { tags: ['profile'], summary: '我的办事资料 The caller’s profile (identity from the account, kept fields)' }, config: { permission: 'applicant' } }, async (req) =>
    loadProfile(app.db, (req.actor as Actor).userId),
  );
  app.put(
    '/api/me/profile',
    { schema: { tags: ['profile'], summary: '保存办事资料 Keep fields in the caller’s profile (an empty value removes one)', body: ProfileBody }, config: { permission: 'applicant' } },
    async (req) => updateProfile(app.db, req.actor as Actor, req.body.fields, deps.now(), req.body.source ?? 'profile'),
  );
}
