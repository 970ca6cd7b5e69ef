// Our custom search attributes, so an operator can filter conversations in Temporal Web UI by
// business, caller, lead status and mode. Only @temporalio/common here: workflows import this.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const NmcTenantId = defineSearchAttributeKey('NmcTenantId', SearchAttributeType.KEYWORD);
export const NmcCallerPhone = defineSearchAttributeKey('NmcCallerPhone', SearchAttributeType.KEYWORD);
export const NmcLeadStatus = defineSearchAttributeKey('NmcLeadStatus', SearchAttributeType.KEYWORD);
export const NmcMode = defineSearchAttributeKey('NmcMode', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = [NmcTenantId, NmcCallerPhone, NmcLeadStatus, NmcMode] as const;
