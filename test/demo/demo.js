// The demo page's own script: what a site developer would write.
const $ = (id) => document.getElementById(id);
let controller;

async function showAvailability() {
  if (!('LanguageModel' in self)) {
    $('availability').textContent = 'No LanguageModel API here: install the Own Model extension.';
    return;
  }
  const availability = await LanguageModel.availability();
  $('availability').textContent =
    availability === 'available' ? 'A model is ready.' : 'No model is set up yet: open the extension to choose one.';
}

async function ask() {
  const output = $('output');
  output.textContent = '';
  output.className = '';
  controller = new AbortController();
  $('ask').disabled = true;
  $('stop').disabled = false;
  try {
    const session = await LanguageModel.create({ signal: controller.signal });
    const stream = session.promptStreaming($('prompt').value, { signal: controller.signal });
    for await (const delta of stream) output.textContent += delta;
    output.dataset.state = 'done';
  } catch (error) {
    output.className = 'error';
    output.textContent += `\n${error.name}: ${error.message}`;
    output.dataset.state = 'error';
  } finally {
    $('ask').disabled = false;
    $('stop').disabled = true;
  }
}

$('ask').addEventListener('click', ask);
$('stop').addEventListener('click', () => controller?.abort());
showAvailability();
