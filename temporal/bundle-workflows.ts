// Bundles the workflows once into NMC_BUNDLE_OUT, for a stack that runs several workers
// (scripts/stack.mjs); each worker then loads it through NMC_WORKFLOW_BUNDLE instead of bundling.
import { writeFileSync } from 'node:fs';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_INTERCEPTOR_MODULES } from '../observability/worker-tracing';

async function main() {
  const out = process.env.NMC_BUNDLE_OUT;
  if (!out) throw new Error('NMC_BUNDLE_OUT is not set: where should the workflow bundle go?');
  // With the trace interceptors, as a worker bundling at start-up has them (workers/main.ts).
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    logger: undefined,
  });
  writeFileSync(out, code);
}

main().catch((error: unknown) => {
  process.stderr.write(`bundling the workflows failed: ${(error as Error).message}\n`);
  process.exit(1);
});
