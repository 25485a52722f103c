import { Type } from 'typebox';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import { DEFAULT_SUPERVISION_SETTINGS, SUPERVISION_SETTING_BOUNDS as B } from '../../core/supervision/settings.js';
import { listSupervisionSettings, saveSupervisionSettings } from './settings.js';

const int = (b: { min: number; max: number }, description: string) => Type.Integer({ minimum: b.min, maximum: b.max, description });

const SettingsBody = Type.Object(
  {
    thresholds: Type.Object(
      {
        yellowAt: int(B.yellowAt, '红灯次数达到此数 → 黄牌 (red hits in a month for a yellow card)'),
        redAt: int(B.redAt, '红灯次数达到此数 → 红牌 (red hits in a month for a red card; not fewer than yellowAt)'),
        staleRedDays: int(B.staleRedDays, '红灯持续超过此工作日数 → 红牌 (working days a red light may stay on)'),
      },
      { additionalProperties: false },
    ),
    limits: Type.Object(
      {
        specialProcedureDays: int(B.specialProcedureDays, '特别程序最长工作日 (working days a special procedure may take)'),
        unclaimedDays: int(B.unclaimedDays, '未认领最长工作日 (working days a case may wait unclaimed)'),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** 电子监察 settings per region (ADR 0031): card thresholds and rule limits, set by the region's supervisor. */
export function supervisionSettingsRoutes(app: App, deps: CapabilityDeps): void {
  app.get(
    '/api/admin/supervision-settings',
    { schema: { tags: ['supervision'], summary: '监察设置 The card thresholds and rule limits in force in the regions of the caller’s supervisor grants' }, config: { permission: 'staff' } },
    async (req) => ({ regions: await listSupervisionSettings(app.db, req.actor), defaults: DEFAULT_SUPERVISION_SETTINGS, bounds: B }),
  );

  app.put(
    '/api/admin/supervision-settings/:regionCode',
    {
      schema: {
        tags: ['supervision'],
        summary: '修改监察设置 A region’s 黄牌/红牌 thresholds and rule limits (the region’s supervisor; audited with the values before and after)',
        params: Type.Object({ regionCode: Type.String({ pattern: '^(\\d{6}|\\d{9})$', description: 'GB/T 2260 region code' }) }),
        body: SettingsBody,
      },
      config: { permission: 'staff' },
    },
    async (req) => saveSupervisionSettings(app.db, req.actor, deps.now(), req.params.regionCode, req.body),
  );
}
