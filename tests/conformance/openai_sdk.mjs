// The official OpenAI SDK, unmodified, talking to LLMux: a plain and a streaming chat completion,
// the model list and errors; with LLMUX_TOOL_MODEL also tool calls (plain and streamed, and the
// tool results sent back) and image input; with LLMUX_EMBED_MODEL embeddings. Whatever provider
// serves the model. Exits non-zero with a message on the first thing that is wrong.
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

const toolModel = process.env.LLMUX_TOOL_MODEL;
if (toolModel) {
  const tools = [{ type: 'function', function: { name: 'get_weather', description: 'Weather',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }];
  const messages = [{ role: 'user', content: 'weather in Paris?' }];
  const called = await client.chat.completions.create({ model: toolModel, tools, messages });
  const call = called.choices[0].message.tool_calls?.[0];
  check(called.choices[0].finish_reason === 'tool_calls', `tools: ${called.choices[0].finish_reason}`);
  check(call && call.function.name === 'get_weather' &&
        JSON.parse(call.function.arguments).city === 'Paris', `tools: ${JSON.stringify(call)}`);

  const toolStream = client.chat.completions.stream({ model: toolModel, tools, messages });
  const assembled = await toolStream.finalChatCompletion();
  const streamedCall = assembled.choices[0].message.tool_calls?.[0];
  check(streamedCall && JSON.parse(streamedCall.function.arguments).city === 'Paris',
        `tool stream: ${JSON.stringify(assembled.choices[0].message)}`);
  check(assembled.choices[0].finish_reason === 'tool_calls', 'tool stream: finish_reason');

  // The assistant turn goes back as the SDK returned it, with the tool's answer.
  const answered = await client.chat.completions.create({
    model,
    tools,
    messages: [...messages, called.choices[0].message,
               { role: 'tool', tool_call_id: call.id, content: '{"temperature_c":18}' },
               { role: 'user', content: 'thanks' }],
  });
  check(answered.choices[0].message.content.length > 0, 'tool result turn answered');
  console.log('tools ok: plain, streamed, result sent back');

  const pixel = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
  const seen = await client.chat.completions.create({
    model,
    messages: [{ role: 'user', content: [
      { type: 'text', text: 'describe this image' },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${pixel}` } },
    ] }],
  });
  check(seen.choices[0].message.content.includes('describe this image'), 'image input answered');
  console.log('image ok');
}

const embedModel = process.env.LLMUX_EMBED_MODEL;
if (embedModel) {
  // The SDK asks for base64 and decodes it into floats itself.
  const embedded = await client.embeddings.create({ model: embedModel, input: ['one', 'two'] });
  check(embedded.data.length === 2, `embeddings: ${embedded.data.length}`);
  check(embedded.data[1].embedding.length === 8 &&
        embedded.data[1].embedding.every((v) => Number.isFinite(v) && Math.abs(v) <= 1),
        `embeddings: ${JSON.stringify(embedded.data[1].embedding)}`);
  console.log('embeddings ok');
}

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
