// The official Google Gen AI SDK (@google/genai), unmodified, talking to LLMux's Gemini API: a
// plain and a streamed generateContent, the model lookup, and with LLMUX_TOOL_MODEL function
// calling with the function's response sent back as the next turn; with LLMUX_COUNT countTokens;
// with LLMUX_EMBED_MODEL embeddings of one text and of several.
// Whatever provider serves the model. Exits non-zero on the first thing that is wrong.
import { GoogleGenAI, Type } from '@google/genai';

const baseUrl = process.env.LLMUX_ROOT_URL;
const apiKey = process.env.LLMUX_KEY;
const model = process.env.LLMUX_MODEL ?? 'gem';
const ai = new GoogleGenAI({ apiKey, httpOptions: { baseUrl, timeout: 20000 } });

function check(condition, message) {
  if (!condition) {
    console.error(`FAIL: ${message}`);
    process.exit(1);
  }
}

const plain = await ai.models.generateContent({
  model,
  contents: 'plain hello',
  config: { systemInstruction: 'Be brief.' },
});
check(plain.text.includes('plain hello'), `plain: text "${plain.text}"`);
check(plain.usageMetadata.promptTokenCount === 11, `plain: usage ${JSON.stringify(plain.usageMetadata)}`);
console.log(`plain ok: ${plain.text}`);

const stream = await ai.models.generateContentStream({ model, contents: 'stream hello' });
let text = '';
let chunks = 0;
let finish = null;
for await (const chunk of stream) {
  chunks += 1;
  text += chunk.text ?? '';
  finish = chunk.candidates?.[0]?.finishReason ?? finish;
}
check(text.includes('stream hello'), `stream: text "${text}"`);
check(finish === 'STOP', `stream: finishReason ${finish}`);
console.log(`stream ok: ${chunks} chunks: ${text}`);

const info = await ai.models.get({ model });
check(info.name === `models/${model}`, `models.get: ${JSON.stringify(info)}`);
console.log('model lookup ok');

const toolModel = process.env.LLMUX_TOOL_MODEL;
if (toolModel) {
  const tools = [{ functionDeclarations: [{ name: 'get_weather', description: 'Weather for a city',
    parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING } }, required: ['city'] } }] }];
  const question = { role: 'user', parts: [{ text: 'weather in Paris?' }] };
  const called = await ai.models.generateContent({ model: toolModel, contents: [question], config: { tools } });
  const call = called.functionCalls?.[0];
  check(call && call.name === 'get_weather' && call.args.city === 'Paris',
        `tools: ${JSON.stringify(called.candidates?.[0]?.content)}`);

  let streamedCall = null;
  for await (const chunk of await ai.models.generateContentStream({
    model: toolModel, contents: [question], config: { tools } }))
    streamedCall = chunk.functionCalls?.[0] ?? streamedCall;
  check(streamedCall && streamedCall.args.city === 'Paris', `tool stream: ${JSON.stringify(streamedCall)}`);

  const answered = await ai.models.generateContent({
    model,
    config: { tools },
    contents: [question, called.candidates[0].content,
               { role: 'user', parts: [{ functionResponse: { name: 'get_weather', id: call.id,
                                                            response: { temperature_c: 18 } } }] }],
  });
  check(answered.text.length > 0, 'function response turn answered');
  console.log('tools ok: plain, streamed, response sent back');
}

if (process.env.LLMUX_COUNT) {
  const counted = await ai.models.countTokens({ model, contents: 'count these words' });
  check(counted.totalTokens > 0, `countTokens: ${JSON.stringify(counted)}`);
  console.log(`countTokens ok: ${counted.totalTokens}`);
}

const embedModel = process.env.LLMUX_EMBED_MODEL;
if (embedModel) {
  // One text (embedContent) and several (the SDK sends batchEmbedContents).
  const one = await ai.models.embedContent({ model: embedModel, contents: 'embed me' });
  check(one.embeddings?.length === 1 && one.embeddings[0].values.length > 0,
        `embedContent one: ${JSON.stringify(one).slice(0, 200)}`);
  const many = await ai.models.embedContent({ model: embedModel, contents: ['a', 'b', 'c'] });
  check(many.embeddings?.length === 3 &&
        many.embeddings[0].values.join() !== many.embeddings[1].values.join(),
        `embedContent many: ${JSON.stringify(many).slice(0, 200)}`);
  console.log(`embeddings ok: ${many.embeddings[0].values.length} dimensions`);
}

try {
  await ai.models.generateContent({ model: 'no-such-model', contents: 'x' });
  check(false, 'unknown model: no error');
} catch (e) {
  check(e?.status === 404, `unknown model: ${e?.constructor?.name} ${e?.status} ${e?.message}`);
  console.log(`error ok: ${e.status}`);
}
console.log('ALL OK');
