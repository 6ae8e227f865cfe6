/**
 * Probation: party-member biography → new-member course → end of the 12 months → recognition vote (up to
 * three rounds, then the superior committee) → official member, or name removed.
 *
 * The end of probation is a human-step-like callback completed by the app or the daily job when the date
 * arrives: no timer in the state machine runs for a year.
 */

import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { MachineBuilder, outcomeIs, type WorkflowFunctions } from './common.ts';

export const MAX_RECOGNITION_ROUNDS = 3;

export function probationDefinition(scope: Construct, fns: WorkflowFunctions): sfn.IChainable {
  const b = new MachineBuilder(scope, 'probation', fns);

  const biography = b.wait('WaitBiography', 'biography');
  const course = b.wait('WaitNewMemberCourse', 'newMemberCourse');
  const end = b.wait('WaitProbationEnd', 'probationEnd');
  const recognition = b.wait('WaitRecognitionVote', 'recognition');
  const superior = b.wait('WaitSuperiorDecision', 'superior');

  const official = b
    .invoke('RecordOfficial', 'wf-record', {
      candidateId: sfn.JsonPath.stringAt('$.candidateId'),
      event: 'probationFinished',
      machine: 'probation',
    })
    .next(new sfn.Succeed(scope, 'Official'));
  const removed = new sfn.Succeed(scope, 'NameRemoved');

  const escalate = b.invoke('ReportToSuperior', 'wf-notify', {
    candidateId: sfn.JsonPath.stringAt('$.candidateId'),
    kind: 'recognitionEscalated',
    cursor: sfn.JsonPath.numberAt('$.wf.cursor'),
  });
  escalate.next(superior.task);

  biography.choice.otherwise(course.task);
  course.choice.otherwise(end.task);
  end.choice.otherwise(recognition.task);
  recognition.choice
    .when(outcomeIs('recognised'), official)
    .when(outcomeIs('removed'), removed)
    .when(sfn.Condition.numberGreaterThanEquals('$.wf.round', MAX_RECOGNITION_ROUNDS), escalate)
    .otherwise(recognition.task);
  superior.choice
    .when(outcomeIs('recognised'), b.notifyOutcome('MailRecognisedBySuperior', official))
    .when(outcomeIs('removed'), b.notifyOutcome('MailRemovedBySuperior', removed))
    .otherwise(b.unknownOutcome);

  return b.entry(
    {
      biography: biography.task,
      newMemberCourse: course.task,
      probationEnd: end.task,
      recognition: recognition.task,
      superior: superior.task,
    },
    biography.task,
  );
}
