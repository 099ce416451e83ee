// Streams one chat through the gateway with the official openai package and prints what arrived as JSON:
//   node stream-chat.mjs BASE_URL MODEL [API_KEY]
import OpenAI from "openai";

const [baseUrl, model, apiKey] = process.argv.slice(2);
const client = new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey: apiKey ?? "not-needed", maxRetries: 0 });

const stream = await client.chat.completions.create({
  model,
  messages: [{ role: "user", content: "Say hello." }],
  max_tokens: 8,
  temperature: 0,
  stream: true,
  stream_options: { include_usage: true },
});

let text = "";
let chunks = 0;
let usage = null;
let finishReason = null;
for await (const chunk of stream) {
  chunks++;
  const choice = chunk.choices[0];
  text += choice?.delta?.content ?? "";
  finishReason = choice?.finish_reason ?? finishReason;
  usage = chunk.usage ?? usage;
}

console.log(JSON.stringify({ chunks, text, finishReason, usage }));
