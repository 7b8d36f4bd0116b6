/**
 * Tokens a provider adds around what a round sends, for the two kinds of counting: OpenAI's
 * documented chat format, and any other model's chat template, which is not known here.
 */
export interface Framing {
  /** Around each message: role markers and separators. */
  perMessage: number;
  /** Once a round: the reply's own header, a BOS token, a default system prompt. */
  perRound: number;
  /** Once a round that offers tools: the provider's instructions for using them. */
  toolsPreamble: number;
  /** Around each tool call or tool result: its id, the tool's name, the call's markers. */
  perToolPart: number;
}

/**
 * OpenAI documents its chat format as 3 tokens a message (<|im_start|>, <|im_sep|>/<|message|>,
 * <|im_end|>) plus the role's own token, and 3 to prime the reply. Tools are rendered as a
 * TypeScript namespace in a system message ("# Tools", "## functions", "namespace functions
 * {" … "} // namespace functions"), about 20 tokens before the tools' own; a tool call names
 * `functions.<name>` and its recipient and content type, a handful more.
 */
export const OPENAI_FRAMING: Framing = { perMessage: 4, perRound: 3, toolsPreamble: 32, perToolPart: 12 };

/**
 * Chat templates put 4 to 6 tokens around a message (Llama 3: <|start_header_id|>, role,
 * <|end_header_id|>, "\n\n", <|eot_id|>; Gemma: <start_of_turn>, role, "\n", <end_of_turn>,
 * "\n"; ChatML: the same with <|im_start|>/<|im_end|>); 8 holds them all. A round adds a BOS
 * token, the reply's header and, in some templates, a default system prompt (Qwen's is about 20
 * tokens, Llama 3.1's date lines about as many): 64. Anthropic documents the system prompt it
 * adds when tools are offered at 530 tokens at most (Claude 3 Opus; 346 for Claude 4): 600.
 */
export const TEMPLATE_FRAMING: Framing = { perMessage: 8, perRound: 64, toolsPreamble: 600, perToolPart: 24 };

/** Per tool, beyond its text: the name and description lines and the type's header. */
export const PER_TOOL = 16;

/** Items of a JSON text: each key, value and element follows one of these, or opens the text. */
const ITEM_MARKS = /[,:{[]/g;

/**
 * Bounds a JSON Schema as a provider renders it into the prompt, from its bytes (byteBound) and
 * its items. No provider publishes its rendering for every model (OpenAI's is a TypeScript type,
 * Anthropic's and Gemini's are not documented), but each writes every name, type, description and
 * enum value of the schema once, and may add per item a line break and an indentation run and
 * drop the JSON's quotes and braces. Every vocabulary named in byteBound has single tokens for a
 * line break and for a run of spaces, so 2 tokens an item, on top of the JSON's bytes, hold.
 * Descriptions are commented line by line in OpenAI's form ("// " before each line): 3 tokens
 * more a line break in the text.
 */
export function schemaTokens(json: string, byteBound: (text: string) => number): number {
  return byteBound(json) + 2 * (json.match(ITEM_MARKS)?.length ?? 0) + 3 * lineBreaks(json);
}

/** Line breaks as JSON escapes them inside strings, and as they stand in any other text. */
export const lineBreaks = (text: string): number => text.split(/\\n|\n/).length - 1;
