/**
 * 四眼原则 (four-eyes principle) for catalogue publication (issue 8 finding 16): a version reaches the
 * public and new cases only when someone other than its authors publishes it. The authors of a version
 * are whoever created, edited, imported or submitted it; a reviewer who only sent it back is not one.
 * A region may switch the rule off (a recorded decision, e.g. a township with one administrator).
 */
export const AUTHORING_ACTIONS = ['create', 'create_draft', 'edit', 'import', 'submit'] as const;

export interface PublicationFacts {
  publisherId: string;
  /** Everyone who authored the version (creator and editors), duplicates allowed. */
  authorIds: readonly string[];
  /** Whether the region of the implementation requires a second person (default true). */
  fourEyes: boolean;
}

export type FourEyesVerdict = { ok: true } | { ok: false; zh: string; en: string };

export function checkFourEyes(f: PublicationFacts): FourEyesVerdict {
  if (!f.fourEyes || !f.authorIds.includes(f.publisherId)) return { ok: true };
  return {
    ok: false,
    zh: '四眼原则：起草或修改过该版本的人员不能发布它，请由另一位事项管理员审核发布',
    en: 'Four-eyes principle: whoever drafted or edited this version cannot publish it; another catalogue administrator must',
  };
}
