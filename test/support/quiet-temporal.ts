// Workflow-tier test files share one output: keep the Temporal SDK to warnings and errors.
import { DefaultLogger, Runtime } from '@temporalio/worker';

Runtime.install({ logger: new DefaultLogger('WARN') });
