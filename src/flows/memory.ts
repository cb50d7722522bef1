import type { TurnContext } from 'botbuilder';

import {
  findDeviceModel,
  findErrorText,
  formatVersion,
  parseDeviceInfo,
  parseVersion,
  type DeviceInfo,
} from '../knowledge/device-info';
import type {
  ConversationMemory,
  MemoryOwner,
  RememberedFacts,
} from '../storage/conversation-memory';

import type { ReportFormValues } from './helpdesk/card-data';

/** Whose memory a turn uses: this chat and the person in it, from the authenticated activity. */
export function memoryOwner(ctx: TurnContext): MemoryOwner | undefined {
  const conversationId = ctx.activity.conversation?.id;
  const userId = ctx.activity.from?.aadObjectId ?? ctx.activity.from?.id;
  return conversationId && userId ? { conversationId, userId } : undefined;
}

/** What a message says that is worth remembering: device, model, version, owner, error text. */
export function factsFromText(text: string): RememberedFacts {
  const info = parseDeviceInfo(text);
  const facts: RememberedFacts = {};
  if (info.device) facts.device = info.device;
  const model = findDeviceModel(text);
  if (model && model !== info.device) facts.deviceModel = model;
  if (info.os) facts.osVersion = formatVersion(info.os);
  if (info.ownership) facts.ownership = info.ownership;
  const errorText = findErrorText(text);
  if (errorText) facts.errorText = errorText;
  return facts;
}

/** The remembered device facts as the guide reads them. */
export function deviceInfoOf(facts: RememberedFacts): DeviceInfo {
  const info: DeviceInfo = {};
  if (facts.device) info.device = facts.device;
  const os = facts.osVersion ? parseVersion(facts.osVersion) : undefined;
  if (os) info.os = os;
  if (facts.ownership) info.ownership = facts.ownership;
  return info;
}

/** The report form's values from what the person told the bot in this chat. */
export function reportPrefill(facts: RememberedFacts): ReportFormValues {
  const values: ReportFormValues = {};
  const device = facts.deviceModel ?? facts.device;
  if (device) values.deviceModel = device;
  if (facts.osVersion) values.osVersion = facts.osVersion;
  if (facts.ownership) values.ownership = facts.ownership;
  if (facts.errorText) values.errorText = facts.errorText;
  return values;
}

/** Reads the memory of this chat and person (empty when there is none or no identity). */
export async function recall(
  ctx: TurnContext,
  memory: ConversationMemory,
): Promise<RememberedFacts> {
  const owner = memoryOwner(ctx);
  return owner ? memory.recall(owner) : {};
}

/** Adds facts to the memory of this chat and person; returns what is remembered now. */
export async function remember(
  ctx: TurnContext,
  memory: ConversationMemory,
  facts: RememberedFacts,
  known?: RememberedFacts,
): Promise<RememberedFacts> {
  const owner = memoryOwner(ctx);
  return owner ? memory.remember(owner, facts, known) : { ...known, ...facts };
}
