import type { ModelMessage } from 'ai';
import { unreadKinds, type CatalogEntry } from '../catalog/catalog';
import { nameInputs } from '../catalog/inputs';
import type { ChatMessage, Expected, MediaKind } from '../protocol/call';
import { ErrorCodes } from '../protocol/wire';
import { GatewayError } from './errors';

type ModelFacts = Pick<CatalogEntry, 'inputs' | 'refusedInputs'>;

const notSupported = (why: string) => new GatewayError('NotSupportedError', why, ErrorCodes.invalidRequest);

/** The image and audio a call's messages hold; only a user's message may hold any. */
export function mediaIn(messages: readonly ChatMessage[]): Set<MediaKind> {
  const kinds = new Set<MediaKind>();
  for (const { role, content } of messages) {
    if (typeof content === 'string') continue;
    for (const part of content) {
      if (part.type === 'text') continue;
      if (role !== 'user') throw notSupported(`A ${role} message may hold only text, not ${part.type}.`);
      kinds.add(part.type);
    }
  }
  return kinds;
}

/**
 * Why a model cannot read the given kinds, in words for the page; null when it can, or when
 * nobody knows and the provider is left to say. The model is named only to a site the user
 * allowed (`modelId` null otherwise): which model the user runs is not for every page to learn.
 */
export function unreadable(
  kinds: Iterable<MediaKind>,
  entry: ModelFacts | null,
  modelId: string | null,
): string | null {
  const missing = unreadKinds(entry, kinds);
  if (missing.length === 0) return null;
  const model = modelId ? `The model ${modelId}` : 'The user’s model';
  const where = modelId ? `Options › Models › Images and audio, for ${modelId}` : "the extension's options";
  return `${model} does not read ${nameInputs(missing)}. The user can pick a model that does, or say that this one does, in ${where}.`;
}

/**
 * The Prompt API's expectedInputs and expectedOutputs against what the model reads: null when
 * it can serve them, else why not. Only text comes out; tool calls are the gateway's own, so a
 * page cannot send them as input.
 */
export function expectationGap(expected: Expected, entry: ModelFacts | null, modelId: string | null): string | null {
  if (expected.expectedOutputs?.some((e) => e.type !== 'text')) return 'The model answers with text only.';
  const inputs = (expected.expectedInputs ?? []).map((e) => e.type).filter((type) => type !== 'text');
  if (inputs.some((type) => type === 'tool-call' || type === 'tool-response'))
    return 'Tool calls and responses are not taken as input: give the session tools instead.';
  return unreadable(inputs as MediaKind[], entry, modelId);
}

export const refuseUnsupported = (why: string | null): void => {
  if (why) throw notSupported(why);
};

/** The wire's messages as the AI SDK takes them: images as image parts, audio as file parts. */
export function toModelMessages(messages: readonly ChatMessage[]): ModelMessage[] {
  return messages.map(({ role, content }): ModelMessage => {
    if (typeof content === 'string') return { role, content };
    // Only a user's message may hold media (mediaIn refuses the rest), so the others are text.
    if (role !== 'user') return { role, content: textOf(content) };
    return {
      role,
      content: content.map((p) =>
        p.type === 'text'
          ? p
          : p.type === 'image'
            ? { type: 'image', image: p.data, mediaType: p.mediaType }
            : { type: 'file', data: p.data, mediaType: p.mediaType },
      ),
    };
  });
}

/** The text of a message, with a mark where it held an image or audio, for the usage history. */
export const textOf = (content: ChatMessage['content']): string =>
  typeof content === 'string' ? content : content.map((p) => (p.type === 'text' ? p.text : `[${p.type}]`)).join('');
