import { Type } from 'typebox';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import { regionPublicationSettings, setRegionFourEyes } from './service.js';

const RegionParams = Type.Object({ regionCode: Type.String({ pattern: '^\\d{6}$', description: 'GB/T 2260 region code' }) });

/** 事项发布设置: the 四眼原则 (four-eyes principle) per region (issue 8 finding 16). */
export function catalogueSettingsRoutes(app: App, _deps: CapabilityDeps): void {
  app.get(
    '/api/admin/catalogue/regions/:regionCode/publication-settings',
    { schema: { tags: ['catalogue-admin'], summary: '发布设置 Whether publishing in this region needs a second person (四眼原则)', params: RegionParams }, config: { permission: 'staff' } },
    async (req) => regionPublicationSettings(app.db, req.actor, req.params.regionCode),
  );

  app.put(
    '/api/admin/catalogue/regions/:regionCode/publication-settings',
    {
      schema: {
        tags: ['catalogue-admin'],
        summary: '修改发布设置 Switch the four-eyes principle on or off for a region (security administrator; off needs a reason)',
        params: RegionParams,
        body: Type.Object({ fourEyes: Type.Boolean(), reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
      },
      config: { permission: 'staff' },
    },
    async (req) => setRegionFourEyes(app.db, req.actor, req.params.regionCode, req.body),
  );
}
