import type { CaseCommand } from '../../core/cases/types.js';
import type { CaseCommandHook } from '../cases/service.js';
import type { Actor } from '../policies/index.js';
import { issueFromProbe, issuingProbe, revokeLicencesOfCase } from './service.js';

const completes = (command: CaseCommand) => command.type === 'complete' || command.type === 'complete_on_the_spot';
const issuerActor = (actor: Actor) => ({ userId: actor.userId === 'system' ? null : actor.userId, username: actor.displayName });

/**
 * What a case command means for licences, run after the command is written: completing an approved
 * case of an issuing item issues its licences (idempotent), and revoking the decision (撤销) revokes
 * the licences the case issued. Whether the item issues anything is read with the completing write
 * (`issuingProbe`); no other command reads or writes anything here.
 */
export const licenceCommandHook: CaseCommandHook = {
  name: 'licences',
  // A denied case issues nothing; nor does a completion that did not complete the case.
  probe: ({ command, next }) => (completes(command) && next.state === 'completed' && next.decision !== 'denied' ? issuingProbe() : null),
  run: async (db, deps, actor, row, command, probed) => {
    if (completes(command) && row.state === 'completed') {
      await issueFromProbe(db, deps.now(), row, probed, issuerActor(actor));
    } else if (command.type === 'revoke') {
      await revokeLicencesOfCase(db, actor, deps.now(), row.id, command.reason);
    }
  },
};
