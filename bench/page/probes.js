// Runs in the bench page, as a site's own script would. Plain JS, served as a file: functions
// passed to page.evaluate from tsx carry its name helpers, which do not exist in the page.
// Both arms of each figure start and stop their clocks at the same points.

/** The direct arm: fetch the server and parse SSE minimally, one JSON.parse per event. */
async function directStream(url, body, onDelta) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffered += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const event = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      if (!event.startsWith('data: ') || event === 'data: [DONE]') continue;
      const text = JSON.parse(event.slice(6)).choices[0]?.delta?.content;
      if (text) onDelta(text);
    }
  }
}

let session;
/** The extension arm: the Prompt API, one session reused so that create() stays out of the clock. */
async function extensionStream(prompt, onDelta) {
  session ??= await LanguageModel.create();
  for await (const delta of session.promptStreaming(prompt)) onDelta(delta);
}

function arm(which, url, body) {
  const prompt = JSON.parse(body).messages.at(-1).content;
  return which === 'direct'
    ? (onDelta) => directStream(url, body, onDelta)
    : (onDelta) => extensionStream(prompt, onDelta);
}

/** Wall-clock times, comparable across tabs and with the server's clock. */
const wall = () => performance.timeOrigin + performance.now();

/** One call: when it started, when its first delta and its end reached this page, and what came. */
async function timeCall(which, url, body) {
  const run = arm(which, url, body);
  const started = wall();
  let firstAt = 0;
  let deltas = 0;
  const parts = [];
  await run((text) => {
    firstAt ||= wall();
    deltas++;
    parts.push(text);
  });
  return { started, firstAt, endedAt: wall(), deltas, text: parts.join('') };
}

/** Many calls at once from this tab. */
function timeCalls(which, url, body, count) {
  return Promise.all(Array.from({ length: count }, () => timeCall(which, url, body)));
}

globalThis.bench = { timeCall, timeCalls, warm: () => LanguageModel.create().then((s) => (session = s)) };
