import { browser } from 'wxt/browser';
import type { MediaKind } from '../protocol/call';
import { memoRead } from '../settings/memo';

/** What a provider's refusal taught of one model, so the next call is answered here. */
export interface Lesson {
  /** The most tokens its window holds: the provider's own figure, or less than a prompt it refused. */
  window?: number;
  /** Inputs the provider refused for it. */
  refuses?: MediaKind[];
  /** When it was last taught (ms since the epoch). */
  at: number;
}

export type Lessons = Record<string, Lesson>;

const KEY = 'learnedModels';
/** Lessons are per model the user set up; a bound keeps a broken provider from filling storage. */
const MAX_MODELS = 500;

export function loadLessons(): Promise<Lessons> {
  return memoRead(KEY, async () => {
    const stored = (await browser.storage.local.get(KEY))[KEY];
    return stored && typeof stored === 'object' ? (stored as Lessons) : {};
  });
}

/** Adds what one refusal taught: a smaller window replaces a larger one, refused inputs add up. */
export async function learn(modelId: string, taught: Omit<Lesson, 'at'>, at: number): Promise<void> {
  const lessons = { ...(await loadLessons()) };
  const old = lessons[modelId];
  const window = Math.min(taught.window ?? Infinity, old?.window ?? Infinity);
  const refuses = [...new Set([...(old?.refuses ?? []), ...(taught.refuses ?? [])])];
  lessons[modelId] = { ...(window !== Infinity && { window }), ...(refuses.length > 0 && { refuses }), at };
  const kept = Object.entries(lessons)
    .sort(([, a], [, b]) => b.at - a.at)
    .slice(0, MAX_MODELS);
  await browser.storage.local.set({ [KEY]: Object.fromEntries(kept) });
}

/** Forgets one kind of lesson for a model, once the user says the fact themselves. */
export async function forget(modelId: string, what: 'window' | 'refuses'): Promise<void> {
  const lessons = await loadLessons();
  const old = lessons[modelId];
  if (!old?.[what]) return;
  const { [what]: _dropped, ...rest } = old;
  await browser.storage.local.set({ [KEY]: { ...lessons, [modelId]: rest } });
}

/** Forgets every lesson about a provider's models: it was removed, or now points at another server. */
export async function forgetProvider(providerId: string): Promise<void> {
  const lessons = await loadLessons();
  const kept = Object.entries(lessons).filter(([id]) => !id.startsWith(`${providerId}/`));
  if (kept.length < Object.keys(lessons).length) await browser.storage.local.set({ [KEY]: Object.fromEntries(kept) });
}
