/**
 * Administrative division codes: GB/T 2260 (6 digits: province `xx0000`, prefecture-level city
 * `xxxx00`, county-level `xxxxxx`) and the National Bureau of Statistics extension
 * (统计用区划代码): 9 digits add the township (乡、镇、街道), 12 digits add the village or community
 * (村委会、居委会).
 *
 * This module checks structure only. Which codes exist changes every year, so the list of
 * divisions is versioned data, not code; only the province-level codes (stable since Chongqing
 * became a municipality in 1997) are fixed here.
 *
 * A code may carry trailing zero groups: the statistical tables write Dongcheng District as
 * 110101000000. Such a code means the same division as its shortest form, 110101; `normalizeRegionCode`
 * returns that form and `parentRegionCode` answers in it.
 */

/** GB/T 2260 province-level codes (省、自治区、直辖市、特别行政区) and their names. */
export const PROVINCES: Readonly<Record<string, string>> = Object.freeze({
  '11': '北京市',
  '12': '天津市',
  '13': '河北省',
  '14': '山西省',
  '15': '内蒙古自治区',
  '21': '辽宁省',
  '22': '吉林省',
  '23': '黑龙江省',
  '31': '上海市',
  '32': '江苏省',
  '33': '浙江省',
  '34': '安徽省',
  '35': '福建省',
  '36': '江西省',
  '37': '山东省',
  '41': '河南省',
  '42': '湖北省',
  '43': '湖南省',
  '44': '广东省',
  '45': '广西壮族自治区',
  '46': '海南省',
  '50': '重庆市',
  '51': '四川省',
  '52': '贵州省',
  '53': '云南省',
  '54': '西藏自治区',
  '61': '陕西省',
  '62': '甘肃省',
  '63': '青海省',
  '64': '宁夏回族自治区',
  '65': '新疆维吾尔自治区',
  '71': '台湾省',
  '81': '香港特别行政区',
  '82': '澳门特别行政区',
});

export const PROVINCE_CODES: readonly string[] = Object.freeze(Object.keys(PROVINCES));

/** 1 province, 2 prefecture-level city, 3 county-level, 4 township, 5 village / community. */
export type RegionLevel = 1 | 2 | 3 | 4 | 5;

export type RegionCodeProblem = 'REGION_CODE_FORMAT' | 'REGION_CODE_PROVINCE' | 'REGION_CODE_STRUCTURE';

interface Parts {
  province: string;
  city: string;
  county: string;
  township: string;
  village: string;
}

function partsOf(code: string): Parts | undefined {
  if (!/^(\d{6}|\d{9}|\d{12})$/.test(code)) return undefined;
  const padded = code.padEnd(12, '0');
  return {
    province: padded.slice(0, 2),
    city: padded.slice(2, 4),
    county: padded.slice(4, 6),
    township: padded.slice(6, 9),
    village: padded.slice(9, 12),
  };
}

function levelOfParts(p: Parts): RegionLevel {
  if (p.village !== '000') return 5;
  if (p.township !== '000') return 4;
  if (p.county !== '00') return 3;
  if (p.city !== '00') return 2;
  return 1;
}

/** Why a value is not a well-formed region code, or undefined when it is. */
export function regionCodeProblem(code: string): RegionCodeProblem | undefined {
  const p = partsOf(code);
  if (!p) return 'REGION_CODE_FORMAT';
  if (!(p.province in PROVINCES)) return 'REGION_CODE_PROVINCE';
  // A lower level needs the level above it: no county without a city, no village without a
  // township. A township may sit directly under a city with no counties (东莞 441900, 中山 442000,
  // 儋州 460400, 嘉峪关 620200), so it needs a city but not a county.
  if (p.county !== '00' && p.city === '00') return 'REGION_CODE_STRUCTURE';
  if (p.township !== '000' && p.city === '00') return 'REGION_CODE_STRUCTURE';
  if (p.village !== '000' && p.township === '000') return 'REGION_CODE_STRUCTURE';
  return undefined;
}

export function isValidRegionCode(code: string): boolean {
  return regionCodeProblem(code) === undefined;
}

/** The level of a valid code (trailing zero groups ignored), or undefined for an invalid one. */
export function regionLevel(code: string): RegionLevel | undefined {
  const p = partsOf(code);
  return p && isValidRegionCode(code) ? levelOfParts(p) : undefined;
}

/** The shortest form of a valid code: 6 digits for levels 1–3, 9 for townships, 12 for villages. */
export function normalizeRegionCode(code: string): string | undefined {
  const level = regionLevel(code);
  if (level === undefined) return undefined;
  return code.padEnd(12, '0').slice(0, level <= 3 ? 6 : level === 4 ? 9 : 12);
}

/**
 * The code of the division directly above, in shortest form; undefined for a province or an
 * invalid code. A township directly under a city (441900003) has the city (441900) as parent.
 */
export function parentRegionCode(code: string): string | undefined {
  const p = partsOf(code);
  const level = regionLevel(code);
  if (!p || level === undefined || level === 1) return undefined;
  switch (level) {
    case 5:
      return `${p.province}${p.city}${p.county}${p.township}`;
    case 4:
      return `${p.province}${p.city}${p.county}`;
    case 3:
      return `${p.province}${p.city}00`;
    case 2:
      return `${p.province}0000`;
  }
}

/** The chain from the province down to the code itself, in shortest forms; [] for an invalid code. */
export function regionAncestry(code: string): string[] {
  const self = normalizeRegionCode(code);
  if (self === undefined) return [];
  const chain = [self];
  for (let parent = parentRegionCode(self); parent !== undefined; parent = parentRegionCode(parent)) {
    chain.unshift(parent);
  }
  return chain;
}

/** True when `code` is `region` or lies inside it (e.g. for a service scope or an office's jurisdiction). */
export function isWithinRegion(code: string, region: string): boolean {
  const target = normalizeRegionCode(region);
  return target !== undefined && regionAncestry(code).includes(target);
}

/** The province-level name of a valid code, e.g. 浙江省. */
export function provinceNameOf(code: string): string | undefined {
  return isValidRegionCode(code) ? PROVINCES[code.slice(0, 2)] : undefined;
}
