import { browser, type Browser } from 'wxt/browser';
import { z } from 'zod';
import { describeIssue } from '../protocol/describe-issue';
import { loadSettings, updateSettings } from '../settings/store';
import type { Settings } from '../settings/schema';
import { now } from '../clock';
import { uiText } from '../ui-text';
import { applySyncItem, isSyncKey, toSyncItems, type SyncItems } from './fields';

// storage.sync's limits, the same in Chromium and Firefox. A write over them fails whole.
export const QUOTA_BYTES_PER_ITEM = 8_192;
export const MAX_ITEMS = 512;

const STATE_KEY = 'settingsSync';
const ISSUES_KEY = 'settingsSyncIssues';
const MAX_ISSUES = 20;

export interface SyncIssue {
  at: number;
  /** The storage.sync item at fault, e.g. `budgets.globalDayUsd` or `provider:openai`. */
  key: string;
  message: string;
}

/** What the options page shows: whether this browser syncs, and what went wrong lately. */
export interface SyncView {
  enabled: boolean;
  issues: SyncIssue[];
}

/** Off unless the user turns it on, in this browser: the choice itself never syncs. */
async function isEnabled(): Promise<boolean> {
  return (
    ((await browser.storage.local.get(STATE_KEY))[STATE_KEY] as { enabled?: boolean } | undefined)?.enabled === true
  );
}

export async function syncView(): Promise<SyncView> {
  const issues = ((await browser.storage.local.get(ISSUES_KEY))[ISSUES_KEY] as SyncIssue[] | undefined) ?? [];
  return { enabled: await isEnabled(), issues };
}

async function report(found: Array<Omit<SyncIssue, 'at'>>): Promise<void> {
  if (found.length === 0) return;
  const { issues } = await syncView();
  const at = now();
  await browser.storage.local.set({
    [ISSUES_KEY]: [...found.map((f) => ({ ...f, at })), ...issues].slice(0, MAX_ISSUES),
  });
}

export async function clearSyncIssues(): Promise<SyncView> {
  await browser.storage.local.remove(ISSUES_KEY);
  return syncView();
}

/** Bytes storage.sync counts for an item: its key and its JSON. */
const itemBytes = (key: string, value: unknown) => new TextEncoder().encode(key + JSON.stringify(value)).length;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const reason = (e: unknown) =>
  e instanceof z.ZodError ? describeIssue(e) : e instanceof Error ? e.message : String(e);

/**
 * Writes the items that differ from what storage.sync holds, and removes `removed`. An item
 * over the per-item quota, or past the item count, stays on this browser with a clear issue.
 */
async function push(items: SyncItems, removed: string[]): Promise<void> {
  const held = await browser.storage.sync.get(null);
  const issues: Array<Omit<SyncIssue, 'at'>> = [];
  const writes: SyncItems = {};
  let count = Object.keys(held).length;
  for (const [key, value] of Object.entries(items)) {
    if (same(held[key], value)) continue;
    const bytes = itemBytes(key, value);
    if (bytes > QUOTA_BYTES_PER_ITEM) {
      issues.push({
        key,
        message: uiText('syncOverQuota', bytes.toLocaleString('en'), QUOTA_BYTES_PER_ITEM.toLocaleString('en')),
      });
      continue;
    }
    if (!(key in held) && count >= MAX_ITEMS) {
      issues.push({ key, message: uiText('syncTooMany', MAX_ITEMS) });
      continue;
    }
    if (!(key in held)) count++;
    writes[key] = value;
  }
  try {
    if (Object.keys(writes).length > 0) await browser.storage.sync.set(writes);
    const gone = removed.filter((key) => key in held);
    if (gone.length > 0) await browser.storage.sync.remove(gone);
  } catch (e) {
    issues.push({
      key: Object.keys(writes).join(', ') || removed.join(', '),
      message: uiText('syncRefused', reason(e)),
    });
  }
  await report(issues);
}

/**
 * Applies the items another browser wrote. Each is parsed by the settings' own schemas; one that
 * fails is dropped, with an issue, and the rest still apply.
 */
async function pull(keys: string[]): Promise<void> {
  // What sync holds now, not what an event carried: a later event may already be queued.
  const held = await browser.storage.sync.get(keys);
  const issues: Array<Omit<SyncIssue, 'at'>> = [];
  const merge = (current: Settings): Settings => {
    issues.length = 0;
    const local = toSyncItems(current);
    let next = current;
    for (const key of keys) {
      // Our own writes come back as changes too; an item equal to ours changes nothing.
      if (!isSyncKey(key) || same(local[key], held[key])) continue;
      try {
        next = applySyncItem(next, key, held[key]);
      } catch (e) {
        issues.push({ key, message: uiText('syncDropped', reason(e)) });
      }
    }
    return next;
  };
  try {
    await updateSettings(merge);
  } catch (e) {
    issues.push({ key: keys.join(', '), message: uiText('syncDroppedTogether', reason(e)) });
  }
  await report(issues);
}

/**
 * Turning sync on joins what storage.sync already holds: its items win here (another browser
 * got there first), providers join, and whatever sync lacks is written from this browser.
 */
export async function setSettingsSync(enabled: boolean): Promise<SyncView> {
  await browser.storage.local.set({ [STATE_KEY]: { enabled } });
  if (enabled) {
    await pull(Object.keys(await browser.storage.sync.get(null)));
    await push(toSyncItems(await loadSettings()), []);
  }
  return syncView();
}

/** The items that changed between two versions of local settings, and the providers removed. */
function localChanges(oldValue: Settings | undefined, newValue: Settings): { items: SyncItems; removed: string[] } {
  const before = oldValue ? toSyncItems(oldValue) : {};
  const after = toSyncItems(newValue);
  const items = Object.fromEntries(Object.entries(after).filter(([key, value]) => !same(before[key], value)));
  return { items, removed: Object.keys(before).filter((key) => !(key in after)) };
}

// Pushes and pulls run one at a time, so a pull's own write is compared with a settled sync.
let queue: Promise<void> = Promise.resolve();
const serially = (work: () => Promise<void>) =>
  (queue = queue.then(work).catch((e) => report([{ key: 'sync', message: reason(e) }])));

/** Resolves once every change seen so far has been pushed or pulled. */
export const syncSettled = () => queue;

/** In the worker: sends local changes to storage.sync and applies sync's changes here, while on. */
export function followSettingsSync(): void {
  browser.storage.onChanged.addListener((changes: Record<string, Browser.storage.StorageChange>, area: string) => {
    if (area === 'local' && changes.settings?.newValue) {
      const { oldValue, newValue } = changes.settings as { oldValue?: Settings; newValue: Settings };
      void serially(async () => {
        if (!(await isEnabled())) return;
        const { items, removed } = localChanges(oldValue, newValue);
        await push(items, removed);
      });
    } else if (area === 'sync') {
      void serially(async () => {
        if (await isEnabled()) await pull(Object.keys(changes));
      });
    }
  });
}
