// One caller, one open conversation per business: the workflow id encodes exactly that pair,
// so Temporal itself refuses a second open conversation for the same caller.
export function conversationWorkflowId(tenantId: string, callerE164: string): string {
  return `conversation/${tenantId}/${callerE164}`;
}
