import { inScope, type Actor } from './actor.js';

/**
 * 机构与窗口 (ADR 0014): orgs, windows and clerks' window assignments are edited by a system
 * administrator whose scope contains the org (a county's administrator edits that county only).
 */
export function canEditOrganisation(actor: Actor | undefined, orgPath: string): boolean {
  return inScope(actor, ['system_admin'], orgPath);
}
