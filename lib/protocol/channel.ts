import { z } from 'zod';
import { Call } from './call';

/** What the page may send on its MessageChannel: one request, then at most one abort. */
export const PageMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('request'), call: Call }),
  z.strictObject({ type: z.literal('abort') }),
]);
export type PageMessage = z.infer<typeof PageMessage>;

/** The content script's one message on a call Port. Abort is the Port's disconnect. */
export const PortMessage = z.strictObject({ type: z.literal('call'), call: Call });
export type PortMessage = z.infer<typeof PortMessage>;
