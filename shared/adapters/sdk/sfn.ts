// The Step Functions part of the AWS SDK that ketnap uses, loaded by clients.ts on first use (see s3.ts).
export {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
