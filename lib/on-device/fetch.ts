import { runEngineJob } from './client';
import { ChatBody, NativeChatBody, type EngineReply } from './host-protocol';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const errorBody = (message: string) => ({ error: { message, type: 'on_device_error' } });

/**
 * A fetch that answers Chat Completions requests from the engine's page (llama.cpp, or the
 * browser's own model), so either plugs into the AI SDK's OpenAI-compatible provider like any
 * server: streams, usage and errors alike. Errors before the first token come back as HTTP
 * statuses, so fallback treats them as a server's.
 */
const engineFetch =
  (job: 'chat' | 'native-chat'): typeof fetch =>
  async (_input, init) => {
    const parsed = (job === 'chat' ? ChatBody : NativeChatBody).safeParse(JSON.parse(String(init?.body ?? '{}')));
    if (!parsed.success)
      return json(400, errorBody(`The on-device engine cannot run this request: ${parsed.error.issues[0]?.message}`));
    const body = parsed.data;
    const signal = init?.signal ?? undefined;
    const encoder = new TextEncoder();
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const stream = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c), cancel: () => stop.abort() });
    const stop = new AbortController();
    const jobSignal = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;

    let first: (reply: EngineReply | Error) => void;
    const firstReply = new Promise<EngineReply | Error>((resolve) => (first = resolve));
    const onReply = (reply: EngineReply) => {
      first(reply);
      if (reply.type === 'chunk') controller.enqueue(encoder.encode(`data: ${JSON.stringify(reply.chunk)}\n\n`));
    };
    runEngineJob(
      job === 'chat' ? { type: job, body: body as ChatBody } : { type: job, body: body as NativeChatBody },
      onReply,
      jobSignal,
    ).then(
      () => {
        if (!body.stream) return;
        controller.enqueue(encoder.encode('data: [DONE]\n\n'));
        controller.close();
      },
      (error: Error) => {
        first(error);
        controller.error(error);
      },
    );

    const opening = await firstReply;
    if (opening instanceof Error) {
      if (signal?.aborted) throw signal.reason;
      return json(503, errorBody(opening.message));
    }
    if (opening.type === 'error') return json(opening.status, errorBody(opening.message));
    if (opening.type === 'result') return json(200, opening.response);
    return new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  };

export const onDeviceFetch = engineFetch('chat');
export const builtInFetch = engineFetch('native-chat');
