// n choices through the gateway with the official openai package: seeded choices, the same as one-choice requests
// seeded seed + i, streamed choices as the package assembles them, and a forced tool call per choice. Prints JSON:
//   node choices.mjs BASE_URL MODEL
import OpenAI from "openai";

const [baseUrl, model] = process.argv.slice(2);
const client = new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey: "not-needed", maxRetries: 0 });

// top_k keeps draws among tokens whose weights differ (generated weights make a whole row nearly flat).
const sampling = { model, messages: [{ role: "user", content: "Tell me a story" }], temperature: 0.8, top_p: 0.95, top_k: 40, max_tokens: 8, ignore_eos: true };

const whole = await client.chat.completions.create({ ...sampling, n: 3, seed: 42 });
const singles = [];
for (let i = 0; i < 3; i++) {
  const single = await client.chat.completions.create({ ...sampling, seed: 42 + i });
  singles.push(single.choices[0].message.content);
}

// The streaming helper assembles each choice from the deltas of its index.
const stream = client.chat.completions.stream({ ...sampling, n: 3, seed: 42, stream_options: { include_usage: true } });
const streamed = await stream.finalChatCompletion();

const tools = await client.chat.completions.create({
  model,
  messages: [{ role: "user", content: "Weather in Rome?" }],
  tools: [{ type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { enum: ["Paris", "Rome"] } }, required: ["city"], additionalProperties: false } } }],
  tool_choice: "required",
  parallel_tool_calls: false,
  n: 2,
  seed: 8,
  max_tokens: 60,
});

console.log(JSON.stringify({
  indexes: whole.choices.map((choice) => choice.index),
  texts: whole.choices.map((choice) => choice.message.content),
  usage: whole.usage,
  singles,
  streamed: streamed.choices.map((choice) => choice.message.content),
  streamedUsage: streamed.usage,
  toolFinishes: tools.choices.map((choice) => choice.finish_reason),
  toolCities: tools.choices.map((choice) => JSON.parse(choice.message.tool_calls[0].function.arguments).city),
}));
