import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { configFromContext, type KetnapConfig } from './config.ts';
import { KetnapEdge } from './constructs/waf.ts';
import { KetnapStack, type KetnapStackProps } from './stack.ts';
import { workflowDefinitions } from './workflow-definitions.ts';

export interface BuildOptions {
  /** Parameters; default: read from CDK context (cdk.json, `-c key=value`). */
  readonly config?: KetnapConfig;
  readonly outdir?: string;
  readonly context?: Record<string, unknown>;
  readonly stack?: Partial<Omit<KetnapStackProps, 'config'>>;
}

/** The CDK app: the ketnap stack, checked by cdk-nag's AWS Solutions rules at synth. */
export function buildApp(options: BuildOptions = {}): { app: App; stack: KetnapStack } {
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    ...(options.context ? { context: options.context } : {}),
  });
  const config = options.config ?? configFromContext(app);
  const stack = new KetnapStack(app, 'Ketnap', {
    env: { ...(config.account ? { account: config.account } : {}), region: config.region },
    config,
    workflows: workflowDefinitions,
    ...options.stack,
  });
  // `-c edge=true`: CloudFront + AWS WAF in front of the API (per-client limits, AWS's managed rules), in a
  // us-east-1 stack of its own (docs/deploy.md, "Abuse limits"); point appOrigin at the distribution
  if (String(app.node.tryGetContext('edge') ?? '') === 'true') {
    new KetnapEdge(app, 'KetnapEdge', {
      env: { ...(config.account ? { account: config.account } : {}), region: 'us-east-1' },
      crossRegionReferences: true,
      apiUrl: stack.api.url,
    });
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}

// `cdk synth` runs this file (cdk.json: tsx infra/cloud/app.ts)
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildApp().app.synth();
}
