// The official OpenAI SDK, unmodified, talking to LLMux's Responses API (what Codex CLI uses):
// a plain and a streamed response, the stream helper's final response, and with LLMUX_TOOL_MODEL
// function tools (plain and streamed, the tool output sent back as the next turn) and a freeform
// custom tool; a conversation continued with previous_response_id, retrieved and deleted. Whatever
// provider serves the model. Exits non-zero on the first thing that is wrong.
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

const plain = await client.responses.create({
  model,
  instructions: 'Be brief.',
  input: 'plain hello',
});
check(plain.object === 'response', `plain: object is ${plain.object}`);
check(plain.status === 'completed', `plain: status ${plain.status}`);
check(plain.id.startsWith('resp_'), `plain: id ${plain.id}`);
check(plain.output_text.includes('plain hello'), `plain: output_text "${plain.output_text}"`);
check(plain.usage.input_tokens === 11 && plain.usage.output_tokens === 7 &&
      plain.usage.total_tokens === 18, `plain: usage ${JSON.stringify(plain.usage)}`);
console.log(`plain ok: ${plain.output_text}`);

// Raw events, as Codex reads them.
const raw = await client.responses.create({ model, input: 'stream hello', stream: true });
const types = [];
let sequence = -1;
let deltas = '';
let completed = null;
for await (const event of raw) {
  types.push(event.type);
  check(event.sequence_number === sequence + 1, `stream: sequence ${event.sequence_number}`);
  sequence = event.sequence_number;
  if (event.type === 'response.output_text.delta') deltas += event.delta;
  if (event.type === 'response.completed') completed = event.response;
}
check(types[0] === 'response.created', `stream: first event ${types[0]}`);
check(types.includes('response.output_item.done'), 'stream: no output_item.done');
check(completed && completed.output[0].content[0].text === deltas && deltas.includes('stream hello'),
      `stream: text "${deltas}"`);
check(completed.usage.output_tokens === 7, 'stream: usage');
console.log(`stream ok: ${types.length} events: ${deltas}`);

// The SDK's stream helper assembles the response from the events itself.
const helper = client.responses.stream({ model, input: 'helper hello' });
let helperDeltas = '';
helper.on('response.output_text.delta', (e) => { helperDeltas += e.delta; });
const assembled = await helper.finalResponse();
check(assembled.output_text.includes('helper hello') && assembled.output_text === helperDeltas,
      `stream helper: "${assembled.output_text}" / "${helperDeltas}"`);
console.log('stream helper ok');

// State kept by LLMux: the next turn names the previous response instead of repeating it.
const second = await client.responses.create({
  model,
  previous_response_id: plain.id,
  input: 'second turn',
});
check(second.output_text.includes('second turn'), `second turn: "${second.output_text}"`);
const third = await client.responses.stream({
  model,
  previous_response_id: second.id,
  input: 'third turn',
}).finalResponse();
check(third.output_text.includes('third turn'), `third turn: "${third.output_text}"`);
const retrieved = await client.responses.retrieve(second.id);
check(retrieved.id === second.id && retrieved.output_text === second.output_text,
      `retrieve: ${JSON.stringify(retrieved).slice(0, 200)}`);
const deleted = await client.responses.delete(second.id);
check(deleted === undefined || deleted === null || deleted.deleted === true || typeof deleted === 'object',
      `delete: ${JSON.stringify(deleted)}`);
try {
  await client.responses.retrieve(second.id);
  check(false, 'retrieve after delete: no error');
} catch (e) {
  check(e instanceof OpenAI.NotFoundError, `retrieve after delete: ${e?.constructor?.name}`);
}
try {
  await client.responses.create({ model, previous_response_id: second.id, input: 'x' });
  check(false, 'deleted previous response: no error');
} catch (e) {
  check(e instanceof OpenAI.BadRequestError && e.code === 'previous_response_not_found',
        `deleted previous response: ${e?.constructor?.name} ${e?.code}`);
}
const unstored = await client.responses.create({ model, input: 'not kept', store: false });
try {
  await client.responses.retrieve(unstored.id);
  check(false, 'store: false was kept');
} catch (e) {
  check(e instanceof OpenAI.NotFoundError, `store false: ${e?.constructor?.name}`);
}
console.log('previous_response_id ok: continued twice, retrieved, deleted, store false honoured');

const toolModel = process.env.LLMUX_TOOL_MODEL;
if (toolModel) {
  const tools = [{ type: 'function', name: 'get_weather', description: 'Weather for a city',
    strict: false,
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
  const input = [{ role: 'user', content: 'weather in Paris?' }];
  const called = await client.responses.create({ model: toolModel, tools, input });
  const call = called.output.find((item) => item.type === 'function_call');
  check(call && call.name === 'get_weather' && JSON.parse(call.arguments).city === 'Paris',
        `tools: ${JSON.stringify(called.output)}`);

  const streamed = await client.responses.stream({ model: toolModel, tools, input }).finalResponse();
  const streamedCall = streamed.output.find((item) => item.type === 'function_call');
  check(streamedCall && JSON.parse(streamedCall.arguments).city === 'Paris',
        `tool stream: ${JSON.stringify(streamed.output)}`);

  // The next turn: the items as the SDK returned them, then the tool's output.
  const answered = await client.responses.create({
    model,
    tools,
    input: [...input, ...called.output,
            { type: 'function_call_output', call_id: call.call_id, output: '{"temperature_c":18}' }],
  });
  check(answered.output_text.length > 0, 'tool output turn answered');
  console.log('tools ok: plain, streamed, output sent back');

  const custom = await client.responses.create({
    model: toolModel,
    input: 'patch the file',
    tools: [{ type: 'custom', name: 'get_weather', description: 'A freeform tool',
              format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/' } }],
  });
  const customCall = custom.output.find((item) => item.type === 'custom_tool_call');
  check(customCall && customCall.name === 'get_weather' && customCall.input.length > 0,
        `custom tool: ${JSON.stringify(custom.output)}`);
  console.log('custom tool ok');
}

try {
  await client.responses.create({ model: 'no-such-model', input: 'x' });
  check(false, 'unknown model: no error');
} catch (e) {
  check(e instanceof OpenAI.NotFoundError, `unknown model: ${e?.constructor?.name} ${e?.status}`);
  console.log(`error ok: ${e.status} ${e.message.slice(0, 60)}`);
}
console.log('ALL OK');
