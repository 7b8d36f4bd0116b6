import type { ModelMessage } from 'ai';
import { byteBound } from './bytes';
import { PER_TOOL, lineBreaks, schemaTokens, type Framing } from './framing';
import { MEDIA_TOKENS } from './media';

/** What one provider round sends, as the AI SDK holds it. */
export interface RoundShape {
  messages: ModelMessage[];
  tools?: ReadonlyArray<{ name: string; description?: string; inputSchema: string }>;
  responseSchema?: string;
}

/** How one model counts: its text counter, its framing, and what one image costs on it. */
export interface Counting {
  /** An upper bound of the tokens of one text, as it stands in the prompt. */
  text(text: string): number;
  framing: Framing;
  imageTokens: number;
}

type Part = Exclude<ModelMessage['content'], string>[number];
type ToolOutput = Extract<Part, { type: 'tool-result' }>['output'];

const isImage = (part: { mediaType?: string }) => part.mediaType?.startsWith('image/') ?? false;

/** A tool result as the providers send it: text as it is, JSON as its text. */
function outputTokens(output: ToolOutput, counting: Counting): number {
  switch (output.type) {
    case 'text':
    case 'error-text':
      return counting.text(output.value);
    case 'json':
    case 'error-json':
      return counting.text(JSON.stringify(output.value));
    case 'content':
      return output.value.reduce(
        (sum, item) =>
          sum +
          (item.type === 'text'
            ? counting.text(item.text)
            : 'mediaType' in item && !item.mediaType?.startsWith('image/')
              ? MEDIA_TOKENS
              : counting.imageTokens),
        0,
      );
    default:
      return counting.text(JSON.stringify(output));
  }
}

/**
 * One message's content. Its text parts are counted joined, as a chat template writes them one
 * after another: a tokenizer may merge across the join, so each join gets a token more.
 */
function contentTokens(content: ModelMessage['content'], counting: Counting): number {
  if (typeof content === 'string') return counting.text(content);
  const texts: string[] = [];
  let tokens = 0;
  for (const part of content as Part[]) {
    switch (part.type) {
      case 'text':
      case 'reasoning':
        texts.push(part.text);
        break;
      case 'image':
        tokens += counting.imageTokens;
        break;
      case 'file':
        // The protocol lets only JPEG images and WAV audio through (lib/protocol/call.ts).
        tokens += isImage(part) ? counting.imageTokens : MEDIA_TOKENS;
        break;
      case 'tool-call':
        tokens +=
          counting.framing.perToolPart +
          counting.text(part.toolCallId) +
          counting.text(part.toolName) +
          counting.text(JSON.stringify(part.input ?? {}));
        break;
      case 'tool-result':
        tokens +=
          counting.framing.perToolPart +
          counting.text(part.toolCallId) +
          counting.text(part.toolName) +
          outputTokens(part.output, counting);
        break;
      default:
        // Anything else the SDK may carry (an approval, a provider's own part) is sent as data.
        tokens += counting.text(JSON.stringify(part));
    }
  }
  return texts.length === 0 ? tokens : tokens + counting.text(texts.join('')) + texts.length - 1;
}

/** A tool's declaration as a provider renders it: its name, its description line by line, its schema. */
function toolTokens(tool: NonNullable<RoundShape['tools']>[number]): number {
  const description = tool.description ?? '';
  return (
    PER_TOOL +
    byteBound(tool.name) +
    byteBound(description) +
    3 * lineBreaks(description) +
    schemaTokens(tool.inputSchema, byteBound)
  );
}

/** An upper bound of the input tokens one model bills for the round. */
export function roundTokens(round: RoundShape, counting: Counting): number {
  const { framing } = counting;
  let tokens = framing.perRound;
  for (const message of round.messages) tokens += framing.perMessage + contentTokens(message.content, counting);
  if (round.tools?.length)
    tokens += framing.toolsPreamble + round.tools.reduce((sum, tool) => sum + toolTokens(tool), 0);
  // A structured output's schema goes into the prompt in the provider's own words, like a tool's.
  if (round.responseSchema !== undefined) tokens += PER_TOOL + schemaTokens(round.responseSchema, byteBound);
  return tokens;
}
