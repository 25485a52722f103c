import type { ItemContent } from '../../../core/catalogue/types.js';
import { MARKET_ITEMS } from './market.js';
import { SOCIAL_ITEMS } from './social.js';
import { PUBLIC_SERVICE_ITEMS } from './public-services.js';
import { LEVEL_ITEMS } from './levels.js';
import { BUNDLE_MEMBER_ITEMS } from './bundle-members.js';

/** The demo county's catalogue: 32 high-frequency items following public 办事指南 of Zhejiang counties. */
export const DEMO_ITEMS: { departmentKey: string; content: ItemContent }[] = [...MARKET_ITEMS, ...SOCIAL_ITEMS, ...PUBLIC_SERVICE_ITEMS, ...BUNDLE_MEMBER_ITEMS];

/** Province and city implementations of the county's 药品零售企业许可, for the 三级十同 report. */
export const DEMO_LEVEL_ITEMS = LEVEL_ITEMS;
