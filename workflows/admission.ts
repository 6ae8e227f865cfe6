/**
 * Admission: referral → awareness course → dossier → cell vote → [sub-committee appraisal] → competent
 * committee → ceremony → (probation, a separate execution).
 *
 * The rules (checklists, vote thresholds, certificate validity) are applied by the application services
 * before they complete a step; the state machine only routes on the outcome they send.
 */

import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { MachineBuilder, outcomeIs, type WorkflowFunctions } from './common.ts';

export function admissionDefinition(scope: Construct, fns: WorkflowFunctions): sfn.IChainable {
  const b = new MachineBuilder(scope, 'admission', fns);

  const course = b.wait('WaitCourseCertificate', 'course');
  const dossier = b.wait('WaitDossier', 'dossier');
  const vote = b.wait('WaitCellVote', 'cellVote');
  const appraisal = b.wait('WaitAppraisal', 'appraisal');
  const decision = b.wait('WaitCommitteeDecision', 'decision');
  const ceremony = b.wait('WaitCeremony', 'ceremony');

  // mail to the committee: the decision request with approval links (after a failed vote: the full result,
  // reported up). Idempotent: one mail per approver and step, also when retried.
  const notifyCommittee = b.invoke('NotifyCommittee', 'wf-notify', {
    candidateId: sfn.JsonPath.stringAt('$.candidateId'),
    kind: sfn.JsonPath.stringAt('$.wf.outcome'),
    cursor: sfn.JsonPath.numberAt('$.wf.cursor'),
  });
  notifyCommittee.next(decision.task);

  const startProbation = b.invoke('StartProbation', 'wf-continue', {
    candidateId: sfn.JsonPath.stringAt('$.candidateId'),
    cellId: sfn.JsonPath.stringAt('$.cellId'),
    machine: 'probation',
    reason: 'admitted',
    cursor: sfn.JsonPath.numberAt('$.wf.cursor'),
    startedAt: sfn.JsonPath.stringAt('$$.Execution.StartTime'),
  });
  startProbation.next(
    new sfn.Succeed(scope, 'Admitted', { comment: 'Probation goes on in its own execution.' }),
  );

  course.choice.otherwise(dossier.task);
  dossier.choice
    // incomplete: the findings are on the timeline; wait for the corrected dossier
    .when(outcomeIs('incomplete'), dossier.task)
    // completed after the committee returned it: straight back to the committee (the ruleset decides)
    .when(outcomeIs('resubmitted'), notifyCommittee)
    .otherwise(vote.task);
  vote.choice
    .when(outcomeIs('failed'), notifyCommittee) // reported up: the committee decides
    .when(sfn.Condition.booleanEquals('$.wf.hasSubCommittee', true), appraisal.task)
    .otherwise(notifyCommittee);
  appraisal.choice.otherwise(notifyCommittee);
  // the secretary is told every outcome by the execution itself, so a crash after the decision loses no mail
  decision.choice
    .when(outcomeIs('approve'), b.notifyOutcome('MailApproved', ceremony.task))
    .when(outcomeIs('return'), b.notifyOutcome('MailReturned', dossier.task))
    .when(outcomeIs('refuse'), b.notifyOutcome('MailRefused', new sfn.Succeed(scope, 'Refused')))
    .otherwise(b.unknownOutcome);
  ceremony.choice.otherwise(startProbation);

  // the start is on the timeline with the referral (app/candidates.ts): the execution begins with the course
  return b.entry(
    {
      course: course.task,
      dossier: dossier.task,
      cellVote: vote.task,
      appraisal: appraisal.task,
      decision: decision.task,
      ceremony: ceremony.task,
    },
    course.task,
  );
}
