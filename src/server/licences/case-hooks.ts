import type { CaseCommand } from '../../core/cases/types.js';
import type { CaseRow } from '../db/schema.js';
import type { Db } from '../db/transaction.js';
import type { Actor } from '../policies/index.js';
import { issueLicencesForCase, revokeLicencesOfCase } from './service.js';

/**
 * What a case command means for licences, run after the command is written: completing an approved
 * case of an issuing item issues its licences (idempotent), and revoking the decision (撤销) revokes
 * the licences the case issued.
 */
export async function afterCaseCommand(db: Db, now: Date, actor: Actor, row: CaseRow, command: CaseCommand): Promise<void> {
  if ((command.type === 'complete' || command.type === 'complete_on_the_spot') && row.state === 'completed') {
    await issueLicencesForCase(db, now, row.id, { userId: actor.userId === 'system' ? null : actor.userId, username: actor.displayName });
  } else if (command.type === 'revoke') {
    await revokeLicencesOfCase(db, actor, now, row.id, command.reason);
  }
}
