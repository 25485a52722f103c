import type { ItemContent } from '../../../core/catalogue/types.js';
import { composeImplCode } from '../../../core/codes/impl-code.js';
import { DEMO_DEPARTMENTS } from '../org.js';
import { HOURS, standardFlow } from './build.js';
import { MARKET_ITEMS } from './market.js';

/**
 * 三级十同 demo: the province and city implementations of the county's 药品零售企业许可 (same base code).
 * Real-looking deviations: the county asks for an extra cold-chain commitment and an extra form field and
 * promises 7 days; the city promises 10 days and cites only the law (not the rules); the province, as
 * the reference, promises 15 days.
 */
const county = MARKET_ITEMS.find((i) => i.content.mainName === '药品零售企业许可');
if (!county) throw new Error('county 药品零售企业许可 missing from the demo catalogue');
const c = county.content;

function at(deptKey: string, overrides: Partial<ItemContent>): ItemContent {
  const dept = DEMO_DEPARTMENTS.find((d) => d.key === deptKey);
  if (!dept) throw new Error(`unknown department ${deptKey}`);
  return {
    ...c,
    implCode: composeImplCode(dept.creditCode, c.baseCode),
    implementingBody: { name: dept.name, creditCode: dept.creditCode },
    materials: c.materials.filter((m) => m.id !== 'm-county-sop'),
    form: { ...c.form, properties: Object.fromEntries(Object.entries(c.form.properties).filter(([k]) => k !== 'coldChain')) },
    hours: HOURS,
    ...overrides,
  };
}

export const LEVEL_ITEMS: { departmentKey: string; level: 'province' | 'city' | 'county'; content: ItemContent }[] = [
  {
    departmentKey: 'province-samr',
    level: 'province',
    content: at('province-samr', { promisedLimitDays: 15, flow: standardFlow(15), place: '浙江政务服务网（全程网办）', consultPhone: '0571-85110100', serviceScope: 'province' }),
  },
  {
    departmentKey: 'city-samr',
    level: 'city',
    content: at('city-samr', { promisedLimitDays: 10, flow: standardFlow(10), basis: [c.basis[0] ?? { law: '《中华人民共和国药品管理法》' }], place: '湖州市民之家', consultPhone: '0572-2398100', serviceScope: 'city' }),
  },
  { departmentKey: 'county-samr', level: 'county', content: c },
];
