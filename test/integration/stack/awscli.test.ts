import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { CreateStateMachineCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { useStack } from '../../helpers/stack.ts';

// A second real client: the AWS CLI from Debian's awscli package, against the same stack.
const run = promisify(execFile);
const stack = useStack();
// found on PATH, wherever the machine has it (npm test's pretest installs or names it)
const AWS = 'aws';

async function aws(endpoint: string, ...args: string[]): Promise<unknown> {
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_DEFAULT_REGION: 'ap-southeast-1',
    AWS_PAGER: '',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  const { stdout } = await run(AWS, ['--endpoint-url', endpoint, '--output', 'json', ...args], {
    env,
    timeout: 30_000,
  });
  return stdout.trim() ? JSON.parse(stdout) : null;
}

describe('AWS CLI (Debian awscli) against the embedded stack', () => {
  it('dynamodb list-tables, s3 ls, stepfunctions list-executions / send-task-success errors', async () => {
    const found = spawnSync('sh', ['-c', 'command -v aws'], { encoding: 'utf8' });
    expect(found.status, 'the AWS CLI is not on PATH: apt-get install awscli').toBe(0);
    const [tables, s3ls] = await Promise.all([
      aws(stack.endpoints.dynamodb, 'dynamodb', 'list-tables'),
      run(AWS, ['--endpoint-url', stack.endpoints.s3, 's3', 'ls'], {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
          AWS_DEFAULT_REGION: 'ap-southeast-1',
        },
      }),
    ]);
    expect(tables).toMatchObject({ TableNames: expect.arrayContaining(['ketnap']) });
    expect(s3ls.stdout).toContain('ketnap-documents');

    const sfn = new SFNClient({});
    const sm = await sfn.send(
      new CreateStateMachineCommand({
        name: `cli-${Date.now()}`,
        roleArn: 'arn:aws:iam::000000000000:role/x',
        definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }),
      }),
    );
    const e = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: sm.stateMachineArn, name: 'from-sdk' }),
    );
    const list = (await aws(
      stack.endpoints.sfn,
      'stepfunctions',
      'list-executions',
      '--state-machine-arn',
      sm.stateMachineArn as string,
    )) as {
      executions: { executionArn: string; name: string }[];
    };
    expect(list.executions.map((x) => x.executionArn)).toEqual([e.executionArn]);

    await expect(
      aws(
        stack.endpoints.sfn,
        'stepfunctions',
        'send-task-success',
        '--task-token',
        'bad',
        '--task-output',
        '{}',
      ),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('InvalidToken') });
  });
});
