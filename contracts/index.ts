// The contracts every layer may import (api, workers, workflows, the dashboard, tests): what one
// process promises another. The conversation workflow's input, signals, updates and query; the task
// queues and search attributes; the live events the dashboard receives; the SMS limit; the paths
// Twilio reaches us on. The HTTP api's request and response shapes are in contracts/http/, one file
// per area. Contracts import only domain/ (the words they are written in) and pure libraries.
export * from './conversation-workflow';
export * from './inbound-sweeper';
export * from './live-events';
export * from './search-attributes';
export * from './task-queues';
export * from './webhook-paths';
