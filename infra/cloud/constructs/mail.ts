import { Stack } from 'aws-cdk-lib';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface MailProps {
  /** Sender address of every mail, at `domain`. */
  readonly senderAddress: string;
  /** Domain verified in SES by DKIM (publish the three CNAME records the console shows). */
  readonly domain: string;
}

/** The SES identity mail is sent from; functions that send mail bind it (MAIL_FROM + ses:SendEmail). */
export class Mail extends Construct {
  readonly identity: EmailIdentity;
  readonly senderAddress: string;
  /** The domain identity, and the address identity in case an operator also verifies the address itself. */
  readonly identityArns: string[];

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    this.senderAddress = props.senderAddress;
    this.identity = new EmailIdentity(this, 'Domain', {
      identity: Identity.domain(props.domain),
      mailFromDomain: `mail.${props.domain}`,
    });
    const stack = Stack.of(this);
    const arn = (name: string) =>
      stack.formatArn({ service: 'ses', resource: 'identity', resourceName: name });
    this.identityArns = [arn(props.domain), arn(props.senderAddress)];
  }
}
