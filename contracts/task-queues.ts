// Task queues (docs/architecture.md): conversations run workflows, their light activities and their
// sends (so the server can hand a send over eagerly); sms serves sends scheduled there by older
// conversations; ai calls the model under its own concurrency limit.
export const TASK_QUEUES = {
  conversations: 'conversations',
  sms: 'sms',
  ai: 'ai',
} as const;
