// Structured output and a forced tool call through the gateway with the official openai package; prints what the
// package assembled as JSON:   node tools-and-json.mjs BASE_URL MODEL
import OpenAI from "openai";

const [baseUrl, model] = process.argv.slice(2);
const client = new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey: "not-needed", maxRetries: 0 });

const citySchema = {
  type: "object",
  properties: { city: { type: "string", maxLength: 8 }, population: { type: "integer", minimum: 0 }, capital: { type: "boolean" } },
  required: ["city", "population", "capital"],
  additionalProperties: false,
};

const structured = await client.chat.completions.create({
  model,
  messages: [{ role: "user", content: "A city as JSON" }],
  response_format: { type: "json_schema", json_schema: { name: "city", strict: true, schema: citySchema } },
  temperature: 1,
  seed: 7,
  max_tokens: 200,
});

// The streaming helper assembles tool_calls from their deltas, as applications read them.
const stream = client.chat.completions.stream({
  model,
  messages: [{ role: "user", content: "Weather in Rome?" }],
  tools: [{ type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { enum: ["Paris", "Rome"] } }, required: ["city"], additionalProperties: false } } }],
  tool_choice: "required",
  parallel_tool_calls: false,
  temperature: 1,
  seed: 8,
  max_tokens: 60,
});
const final = await stream.finalChatCompletion();

console.log(JSON.stringify({
  json: structured.choices[0].message.content,
  jsonFinish: structured.choices[0].finish_reason,
  toolCalls: final.choices[0].message.tool_calls,
  toolFinish: final.choices[0].finish_reason,
}));
