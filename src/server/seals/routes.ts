import { Type } from 'typebox';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import { DomainError } from '../errors.js';
import { normaliseDigest } from '../../core/seals/seal.js';
import { sm3OfBytes, verifyDigest } from './service.js';

/** 电子印章 (ADR 0029): whether a sealed document (licence PDF, case notice) is unchanged — by its SM3 digest or by the file itself. */
export function sealRoutes(app: App, _deps: CapabilityDeps): void {
  app.get(
    '/api/public/documents/seals/:sha',
    {
      schema: {
        tags: ['seals'],
        summary: '文件核验 Is a file with this SM3 digest sealed here and unchanged? (valid / changed)',
        params: Type.Object({ sha: Type.String({ minLength: 64, maxLength: 64, pattern: '^[0-9A-Fa-f]{64}$' }) }),
      },
      config: { permission: 'public' },
    },
    async (req) => verifyDigest(app.db, normaliseDigest(req.params.sha) ?? ''),
  );

  // The file itself (application/pdf body, at most 10 MiB): its digest is computed here.
  app.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 }, (_req, body, done) => done(null, body));
  app.post(
    '/api/public/documents/verify',
    { schema: { tags: ['seals'], summary: '文件核验（上传） Upload a PDF (Content-Type: application/pdf) to check its seal' }, config: { permission: 'public' }, bodyLimit: 10 * 1024 * 1024 },
    async (req) => {
      const body = req.body;
      if (!Buffer.isBuffer(body) || body.length === 0) throw new DomainError('VALIDATION_FAILED', { zh: '请上传 PDF 文件', en: 'Upload a PDF file' });
      if (body.subarray(0, 5).toString('latin1') !== '%PDF-') throw new DomainError('VALIDATION_FAILED', { zh: '上传的文件不是 PDF', en: 'The file is not a PDF' });
      return verifyDigest(app.db, sm3OfBytes(body));
    },
  );
}
