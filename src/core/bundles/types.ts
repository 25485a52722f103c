import type { FormSchema, Material, Situation } from '../catalogue/types.js';

/**
 * 一件事 (life-event bundle) definitions: several item implementations of several departments behind
 * one application (DESIGN.md §2 item 4). Pure types shared by server and web.
 */

/** 情形 question of the bundle (e.g. 经营规模: 小餐饮 / 餐饮服务). */
export interface BundleQuestion {
  id: string;
  question: string;
  multiple: boolean;
  options: BundleOption[];
}

export interface BundleOption {
  id: string;
  label: string;
  /** The option the guide shows first and the figures are computed for (the default situation). */
  default?: boolean;
  /**
   * Answers this option gives to the member items' own situation questions (情形引导), by the item's
   * situation id, e.g. { 's-online': ['o-online'] } — so the applicant answers once for every member.
   */
  memberSituations?: Record<string, string[]>;
}

/** A member applies when every condition holds; a condition holds when one of its options is chosen. */
export interface MemberCondition {
  questionId: string;
  optionIds: string[];
}

/**
 * Data the dependent member receives from the member it waits for, e.g. the 营业执照 number (the
 * result number of 企业设立登记) into the 食品经营许可 form's `creditCode` field. `from` is 'resultNo'
 * or a field key of the dependency's form.
 */
export interface DataMapping {
  from: 'resultNo' | `field:${string}`;
  toField: string;
}

export interface MemberDependency {
  memberKey: string;
  mappings: DataMapping[];
  /**
   * Material ids of the dependent member that the dependency's result replaces (e.g. the 营业执照 copy
   * asked by 食品经营许可 when 企业设立登记 issues it in the same bundle): not asked of the applicant.
   */
  providesMaterials?: string[];
}

export interface BundleMember {
  /** Stable within the bundle (used by dependencies, cases and diffs). */
  key: string;
  /** The implementation (实施清单) id in the catalogue. */
  itemId: string;
  /** Empty = always applies. */
  when?: MemberCondition[];
  dependsOn?: MemberDependency[];
}

/** What happens to the other members when one is refused (不予受理/不予许可). */
export type RefusalPolicy = 'continue' | 'stop';

export interface BundleContent {
  name: string;
  /** 一件事 description for the guide. */
  description: string;
  /** Region whose hall administration owns the bundle (GB/T 2260). */
  regionCode: string;
  /** Life event / topic, e.g. 开办企业, 出生. */
  topic: string;
  /** 综合窗口 category for intake, e.g. 市场准入. */
  category: string;
  applicantTypes: ('natural_person' | 'legal_person')[];
  members: BundleMember[];
  questions: BundleQuestion[];
  refusalPolicy: RefusalPolicy;
  /** Bundle time limit in working days; at least the critical path of the members' promised limits. */
  limitDays: number;
  /** Optional legal or policy basis (e.g. 国办发〔2022〕32号). */
  basis?: string;
}

/** What the rules need to know of a member's item (the server reads it from the catalogue). */
export interface MemberFacts {
  itemId: string;
  name: string;
  department: string;
  /** A published version exists (new cases can be filed under it). */
  published: boolean;
  promisedLimitDays: number;
  form: FormSchema;
  materials: Material[];
  situations: Situation[];
}

export type BundleAnswers = Record<string, readonly string[]>;
