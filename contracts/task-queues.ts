// Task queues (docs/architecture.md): conversations run workflows and light activities, sms sends
// texts through Twilio, ai calls the model under its own concurrency limit.
export const TASK_QUEUES = {
  conversations: 'conversations',
  sms: 'sms',
  ai: 'ai',
} as const;
