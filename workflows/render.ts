/**
 * Renders the state machines to ASL without a full synth, for the embedded Step Functions service.
 * The Lambda functions are referenced as `arn:aws:lambda:<region>:<account>:function:ketnap-<name>`, which the
 * embedded service resolves to `functions/<name>.ts`.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { admissionDefinition } from './admission.ts';
import { type MachineName, WORKFLOW_FUNCTIONS, type WorkflowFunctions } from './common.ts';
import { probationDefinition } from './probation.ts';

export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'ap-southeast-1';

export const definitions: Record<MachineName, (scope: Construct, fns: WorkflowFunctions) => sfn.IChainable> =
  {
    admission: admissionDefinition,
    probation: probationDefinition,
  };

export const functionArn = (name: string, region = LOCAL_REGION, account = LOCAL_ACCOUNT) =>
  `arn:aws:lambda:${region}:${account}:function:ketnap-${name}`;

export type Asl = {
  StartAt: string;
  States: Record<string, Record<string, unknown>>;
  Comment?: string;
  TimeoutSeconds?: number;
};

/** The ASL of a state machine, as an object. */
export function renderAsl(name: MachineName, opts: { region?: string; account?: string } = {}): Asl {
  const region = opts.region ?? LOCAL_REGION;
  const account = opts.account ?? LOCAL_ACCOUNT;
  const stack = new Stack(new App(), `ketnap-render-${name}`, { env: { region, account } });
  const fns = Object.fromEntries(
    WORKFLOW_FUNCTIONS.map((f) => [
      f,
      lambda.Function.fromFunctionAttributes(stack, f, {
        functionArn: functionArn(f, region, account),
        sameEnvironment: true,
      }),
    ]),
  ) as WorkflowFunctions;
  const chain = definitions[name](stack, fns);
  const graph = new sfn.StateGraph(chain.startState, `ketnap-${name}`);
  return resolvePseudo(stack.resolve(graph.toGraphJson()), { region, account }) as Asl;
}

/**
 * `stack.resolve` leaves CloudFormation intrinsics such as `{ "Fn::Join": ["", ["arn:", { "Ref":
 * "AWS::Partition" }, ...]] }` (the Step Functions integration ARNs). Resolve the pseudo parameters the way
 * CloudFormation would; anything else left unresolved is an error.
 */
function resolvePseudo(value: unknown, env: { region: string; account: string }): unknown {
  if (Array.isArray(value)) return value.map((v) => resolvePseudo(v, env));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1 && keys[0] === 'Ref') {
    const pseudo: Record<string, string> = {
      'AWS::Partition': 'aws',
      'AWS::Region': env.region,
      'AWS::AccountId': env.account,
      'AWS::URLSuffix': 'amazonaws.com',
    };
    const ref = String(obj.Ref);
    if (!(ref in pseudo)) throw new Error(`renderAsl: unresolved reference ${ref}`);
    return pseudo[ref];
  }
  if (keys.length === 1 && keys[0] === 'Fn::Join') {
    const [sep, parts] = obj['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => resolvePseudo(p, env)).join(sep);
  }
  if (keys.some((k) => k.startsWith('Fn::'))) throw new Error(`renderAsl: unresolved intrinsic ${keys[0]}`);
  return Object.fromEntries(keys.map((k) => [k, resolvePseudo(obj[k], env)]));
}

/** The ASL as the JSON string CreateStateMachine takes. */
export const renderAslString = (name: MachineName, opts?: { region?: string; account?: string }) =>
  JSON.stringify(renderAsl(name, opts));
