import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { configFromContext, type KetnapConfig } from './config.ts';
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
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}

// `cdk synth` runs this file (cdk.json: tsx infra/cloud/app.ts)
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildApp().app.synth();
}
