import { browser, type Browser } from 'wxt/browser';
import { describeIssue } from '../protocol/describe-issue';
import { DownloadError, downloadModel } from './download';
import { EngineError, exclusive, loadedModelId, runChat, unload } from './engine';
import { ENGINE_PORT_NAME, EngineJob, type EngineReply } from './host-protocol';
import { deleteStored } from './storage';
import { nativeInfo, runNativeChat } from './native';

/** Only the worker (or another extension page) may run jobs; content scripts share runtime.connect. */
function fromExtension(port: Browser.runtime.Port): boolean {
  const sender = port.sender;
  return (
    sender?.id === browser.runtime.id &&
    !sender.tab &&
    typeof sender.url === 'string' &&
    sender.url.startsWith(browser.runtime.getURL('/'))
  );
}

function statusOf(error: unknown): { status: number; message: string } {
  if (error instanceof EngineError) return { status: error.status, message: error.message };
  if (error instanceof DownloadError) return { status: error.permanent ? 422 : 502, message: error.message };
  return {
    status: 500,
    message: `The on-device engine failed: ${error instanceof Error ? error.message : String(error)}`,
  };
}

async function runJob(job: EngineJob, send: (reply: EngineReply) => void, signal: AbortSignal): Promise<void> {
  if (job.type === 'download') {
    try {
      await downloadModel(job.model, (p) => send({ type: 'progress', ...p }), signal);
    } catch (error) {
      // A file that is not a model is of no use to resume.
      if (error instanceof DownloadError && error.permanent) await deleteStored(job.model.id);
      throw error;
    }
    return send({ type: 'done' });
  }
  if (job.type === 'delete') {
    // After any job on the model, and with the model let go: a loaded model may still read its file.
    await exclusive(async () => {
      if (loadedModelId() === job.id) await unload();
      await deleteStored(job.id);
    });
    return send({ type: 'done' });
  }
  if (job.type === 'native-info') return send({ type: 'result', response: await nativeInfo() });
  const onChunk = (chunk: unknown) => send({ type: 'chunk', chunk });
  const response =
    job.type === 'native-chat'
      ? await runNativeChat(job.body, onChunk, signal)
      : await runChat(job.body, onChunk, signal);
  send(response === undefined ? { type: 'done' } : { type: 'result', response });
}

/** Serves engine jobs in the page that hosts the engine: the offscreen document, or Firefox's background iframe. */
export function serveEngine(): void {
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== ENGINE_PORT_NAME) return;
    if (!fromExtension(port)) return port.disconnect();
    const controller = new AbortController();
    const send = (reply: EngineReply) => {
      if (!controller.signal.aborted) port.postMessage(reply);
    };
    // Closing the port is how the worker stops a job.
    port.onDisconnect.addListener(() => controller.abort(new DOMException('The job was stopped.', 'AbortError')));
    port.onMessage.addListener((message) => {
      const parsed = EngineJob.safeParse(message);
      if (!parsed.success) return send({ type: 'error', status: 400, message: describeIssue(parsed.error) });
      runJob(parsed.data, send, controller.signal).catch((error) => send({ type: 'error', ...statusOf(error) }));
    });
  });
}
