// The SES v2 part of the AWS SDK that ketnap uses, loaded by clients.ts on first use (see s3.ts).
export { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
