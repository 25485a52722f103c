import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import { DomainError } from '../errors.js';
import { authorize } from '../policies/index.js';
import { BUNDLE_IMPORT_MAX_BYTES, importBundles, readBundleFile } from './transfer.js';

const tooLarge = () =>
  new DomainError('VALIDATION_FAILED', { zh: `导入文件超过${BUNDLE_IMPORT_MAX_BYTES / 1024 / 1024} MB，未导入任何一件事`, en: `The import file is larger than ${BUNDLE_IMPORT_MAX_BYTES / 1024 / 1024} MB; nothing was imported` }, [
    { code: 'bundle_import.size', zh: '文件过大', en: 'The file is too large' },
  ]);

/** 一件事目录 import (ADR 0045): one upload route for the JSON and the Excel export. */
export function bundleTransferRoutes(app: App, deps: CapabilityDeps): void {
  app.post(
    '/api/admin/bundles/import',
    { schema: { tags: ['bundles-admin'], summary: '导入一件事 Import bundle definitions as drafts from the JSON or Excel export (multipart field "file")' }, config: { permission: 'staff' } },
    async (req) => {
      // Permission before a byte of the upload is read or parsed (issue 8 finding 10); each bundle's
      // owning hall is checked again as it is written.
      authorize(req.actor, 'catalogue.edit');
      if (!req.isMultipart()) throw new DomainError('VALIDATION_FAILED', { zh: '请以表单方式上传导出的 JSON 或 Excel 文件', en: 'Upload the exported JSON or Excel file as multipart/form-data' });
      const file = await req.file({ limits: { fileSize: BUNDLE_IMPORT_MAX_BYTES } });
      if (!file) throw new DomainError('VALIDATION_FAILED', { zh: '未收到文件', en: 'No file received' });
      const buf = await file.toBuffer().catch(() => {
        throw tooLarge();
      });
      return importBundles(app.db, req.actor, await readBundleFile(buf), deps.now());
    },
  );
}
