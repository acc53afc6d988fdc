// The official Anthropic SDK, unmodified, talking to LLMux the way Claude Code does (Messages API,
// streaming, tools), whatever provider serves the model. Exits non-zero with a message on the
// first thing that is wrong.
import Anthropic from '@anthropic-ai/sdk';

const baseURL = process.env.LLMUX_ROOT_URL; // the SDK adds /v1/messages itself
const model = process.env.LLMUX_MODEL;
const toolModel = process.env.LLMUX_TOOL_MODEL;
// Claude Code authenticates with ANTHROPIC_AUTH_TOKEN (a bearer token); the SDK's default is
// x-api-key. Both must work.
const client = new Anthropic({ baseURL, authToken: process.env.LLMUX_KEY, apiKey: null,
                               maxRetries: 0, timeout: 20000 });
const viaApiKey = new Anthropic({ baseURL, apiKey: process.env.LLMUX_KEY, maxRetries: 0 });

function check(condition, message) {
  if (!condition) {
    console.error(`FAIL: ${message}`);
    process.exit(1);
  }
}

const tools = [{
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
}];

const plain = await client.messages.create({
  model,
  max_tokens: 200,
  system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
  messages: [{ role: 'user', content: 'plain hello' }],
});
check(plain.type === 'message' && plain.role === 'assistant', `plain: ${plain.type}`);
check(plain.content[0].type === 'text' && plain.content[0].text.includes('plain hello'),
      `plain: text ${JSON.stringify(plain.content)}`);
check(plain.stop_reason === 'end_turn', `plain: stop_reason ${plain.stop_reason}`);
check(plain.usage.output_tokens === 7, `plain: usage ${JSON.stringify(plain.usage)}`);
console.log(`plain ok: ${plain.content[0].text}`);

const viaKey = await viaApiKey.messages.create({
  model, max_tokens: 20, messages: [{ role: 'user', content: 'x-api-key' }] });
check(viaKey.content[0].text.includes('x-api-key'), 'x-api-key auth');

// The MessageStream helper: text events as they come, then the assembled message.
const stream = client.messages.stream({
  model,
  max_tokens: 200,
  messages: [{ role: 'user', content: 'stream hello' }],
});
let streamed = '';
stream.on('text', (delta) => { streamed += delta; });
const final = await stream.finalMessage();
check(streamed.includes('stream hello'), `stream: text events "${streamed}"`);
check(final.content[0].text === streamed, 'stream: final message matches the text events');
check(final.stop_reason === 'end_turn', `stream: stop_reason ${final.stop_reason}`);
check(final.usage.output_tokens > 0, `stream: usage ${JSON.stringify(final.usage)}`);
console.log(`stream ok: ${streamed}`);

// Tool use, plain and streamed, then the tool result sent back as Claude Code does.
const toolCall = await client.messages.create({
  model: toolModel,
  max_tokens: 200,
  tools,
  messages: [{ role: 'user', content: 'weather in Paris?' }],
});
const use = toolCall.content.find((b) => b.type === 'tool_use');
check(toolCall.stop_reason === 'tool_use', `tool: stop_reason ${toolCall.stop_reason}`);
check(use && use.name === 'get_weather' && use.input.city === 'Paris',
      `tool: ${JSON.stringify(toolCall.content)}`);
console.log(`tool ok: ${use.name}(${JSON.stringify(use.input)})`);

const toolStream = client.messages.stream({
  model: toolModel,
  max_tokens: 200,
  tools,
  messages: [{ role: 'user', content: 'weather in Paris?' }],
});
let jsonDeltas = 0;
toolStream.on('inputJson', () => { jsonDeltas += 1; });
const toolFinal = await toolStream.finalMessage();
const streamedUse = toolFinal.content.find((b) => b.type === 'tool_use');
check(streamedUse && streamedUse.input.city === 'Paris',
      `tool stream: ${JSON.stringify(toolFinal.content)}`);
check(jsonDeltas > 0, 'tool stream: input_json_delta events');
check(toolFinal.stop_reason === 'tool_use', `tool stream: stop ${toolFinal.stop_reason}`);

const followUp = await client.messages.create({
  model,
  max_tokens: 200,
  tools,
  messages: [
    { role: 'user', content: 'weather in Paris?' },
    { role: 'assistant', content: toolFinal.content },
    { role: 'user', content: [
      { type: 'tool_result', tool_use_id: streamedUse.id, content: '18 C, cloudy' },
      { type: 'text', text: 'thanks' },
    ] },
  ],
});
check(followUp.content[0].text.length > 0, 'tool result turn answered');
console.log(`tool stream ok: ${jsonDeltas} json deltas, follow-up answered`);

// Raw events, as Claude Code consumes them.
const raw = await client.messages.create({
  model, max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'raw' }] });
const types = [];
for await (const event of raw) types.push(event.type);
check(types[0] === 'message_start' && types.at(-1) === 'message_stop',
      `raw events: ${types.join(',')}`);
check(types.includes('content_block_delta') && types.includes('message_delta'),
      `raw events: ${types.join(',')}`);
console.log(`raw stream ok: ${types.length} events`);

if (process.env.LLMUX_COUNT_TOKENS === '1') {
  const counted = await client.messages.countTokens({
    model, messages: [{ role: 'user', content: 'count me' }] });
  check(counted.input_tokens === 11, `count_tokens: ${JSON.stringify(counted)}`);
  console.log('count_tokens ok');
}

const models = await client.models.list();
check(models.data.some((m) => m.id === model), 'models: list contains the model');
console.log('models ok');

try {
  await client.messages.create({ model: 'no-such-model', max_tokens: 5,
                                 messages: [{ role: 'user', content: 'x' }] });
  check(false, 'unknown model: no error');
} catch (e) {
  check(e instanceof Anthropic.NotFoundError, `unknown model: ${e?.constructor?.name} ${e?.status}`);
  check(e.error?.error?.type === 'not_found_error', `unknown model: ${JSON.stringify(e.error)}`);
}
try {
  await new Anthropic({ baseURL, apiKey: 'sk-llmux-wrong', maxRetries: 0 }).messages.create({
    model, max_tokens: 5, messages: [{ role: 'user', content: 'x' }] });
  check(false, 'bad key: no error');
} catch (e) {
  check(e instanceof Anthropic.AuthenticationError, `bad key: ${e?.constructor?.name}`);
}
console.log('errors ok');
console.log('ALL OK');
