import type { ProviderKind } from '@/lib/settings/schema';
import { uiText, type MessageKey } from './i18n';

/** What the pages say of each provider family: its name in the picker, a short note, and where to start. */
const KIND_TEXT: Record<ProviderKind, { label: MessageKey; note: MessageKey; hint: MessageKey }> = {
  'on-device': { label: 'kindOnDevice', note: 'kindNoteOnDevice', hint: 'kindHintOnDevice' },
  'built-in': { label: 'kindBuiltIn', note: 'kindNoteBuiltIn', hint: 'kindHintBuiltIn' },
  openai: { label: 'kindOpenAI', note: 'kindNoteNeedsKey', hint: 'kindHintOpenAI' },
  anthropic: { label: 'kindAnthropic', note: 'kindNoteNeedsKey', hint: 'kindHintAnthropic' },
  google: { label: 'kindGoogle', note: 'kindNoteNeedsKey', hint: 'kindHintGoogle' },
  openrouter: { label: 'kindOpenRouter', note: 'kindNoteNeedsKey', hint: 'kindHintOpenRouter' },
  ollama: { label: 'kindOllama', note: 'kindNoteFree', hint: 'kindHintOllama' },
  'openai-compatible': { label: 'kindCompatible', note: 'kindNoteCompatible', hint: 'kindHintCompatible' },
};

export const kindLabel = (kind: ProviderKind) => uiText(KIND_TEXT[kind].label);
export const kindNote = (kind: ProviderKind) => uiText(KIND_TEXT[kind].note);
export const kindHint = (kind: ProviderKind) => uiText(KIND_TEXT[kind].hint);
