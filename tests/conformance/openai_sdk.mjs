// The official OpenAI SDK, unmodified, talking to LLMux: a plain and a streaming chat completion,
// the model list and an error. Exits non-zero with a message on the first thing that is wrong.
import OpenAI from 'openai';

const baseURL = process.env.LLMUX_BASE_URL;
const apiKey = process.env.LLMUX_KEY;
const model = process.env.LLMUX_MODEL ?? 'gpt-fake';
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 20000 });

function check(condition, message) {
  if (!condition) {
    console.error(`FAIL: ${message}`);
    process.exit(1);
  }
}

const plain = await client.chat.completions.create({
  model,
  messages: [{ role: 'user', content: 'plain hello' }],
});
check(plain.object === 'chat.completion', `plain: object is ${plain.object}`);
check(plain.choices[0].message.content.includes('plain hello'), 'plain: reply text');
check(plain.usage.prompt_tokens === 11 && plain.usage.completion_tokens === 7, 'plain: usage');
console.log(`plain ok: ${plain.choices[0].message.content}`);

const stream = await client.chat.completions.create({
  model,
  stream: true,
  messages: [{ role: 'user', content: 'stream hello' }],
});
let text = '';
let chunks = 0;
let finish = null;
for await (const chunk of stream) {
  chunks += 1;
  check(chunk.object === 'chat.completion.chunk', `stream: object is ${chunk.object}`);
  check(chunk.choices.length > 0, 'stream: a usage-only chunk leaked to a client that did not ask');
  text += chunk.choices[0].delta?.content ?? '';
  finish = chunk.choices[0].finish_reason ?? finish;
}
check(text.includes('stream hello'), `stream: text was "${text}"`);
check(finish === 'stop', `stream: finish_reason ${finish}`);
console.log(`stream ok: ${chunks} chunks: ${text}`);

const withUsage = await client.chat.completions.create({
  model,
  stream: true,
  stream_options: { include_usage: true },
  messages: [{ role: 'user', content: 'usage please' }],
});
let usage = null;
for await (const chunk of withUsage) usage = chunk.usage ?? usage;
check(usage && usage.completion_tokens === 7, 'stream with include_usage: usage chunk');
console.log('stream with usage ok');

const models = await client.models.list();
check(models.data.some((m) => m.id === model), 'models: list contains the model');
console.log(`models ok: ${models.data.map((m) => m.id).join(', ')}`);

try {
  await client.chat.completions.create({ model: 'no-such-model', messages: [] });
  check(false, 'unknown model: no error');
} catch (e) {
  check(e instanceof OpenAI.NotFoundError, `unknown model: ${e?.constructor?.name} ${e?.status}`);
  check(e.error?.code === 'model_not_found' || e.code === 'model_not_found', 'unknown model: code');
  console.log(`error ok: ${e.status} ${e.message.slice(0, 60)}`);
}

try {
  await new OpenAI({ baseURL, apiKey: 'sk-llmux-wrong', maxRetries: 0 }).models.list();
  check(false, 'bad key: no error');
} catch (e) {
  check(e instanceof OpenAI.AuthenticationError, `bad key: ${e?.constructor?.name}`);
  console.log('auth error ok');
}
console.log('ALL OK');
