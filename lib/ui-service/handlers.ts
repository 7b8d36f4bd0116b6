import type { Browser } from 'wxt/browser';
import { describeIssue } from '../protocol/describe-issue';
import { onMessage } from '../messages';
import { uiCalls } from './calls';
import type { z } from 'zod';

/** Only the extension's own pages may use these; content scripts share the runtime channel. */
export function isExtensionPage(
  sender: Browser.runtime.MessageSender,
  extensionId: string,
  extensionOrigin: string,
): boolean {
  return sender.id === extensionId && typeof sender.url === 'string' && sender.url.startsWith(extensionOrigin);
}

export function registerUiHandlers(extensionId: string, extensionOrigin: string): void {
  for (const name of Object.keys(uiCalls) as Array<keyof typeof uiCalls>) {
    const { request, handle } = uiCalls[name] as unknown as {
      request: z.ZodType;
      handle: (data: unknown) => Promise<never>;
    };
    onMessage(name, async ({ data, sender }) => {
      if (!isExtensionPage(sender, extensionId, extensionOrigin))
        throw new Error('Only the extension’s own pages may change its settings.');
      const parsed = request.safeParse(data);
      if (!parsed.success) throw new Error(describeIssue(parsed.error));
      return handle(parsed.data);
    });
  }
}
