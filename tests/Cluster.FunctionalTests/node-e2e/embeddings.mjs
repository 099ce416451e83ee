// Embeddings through the gateway with the official openai package (which asks for base64 and decodes it unless told
// float); prints the vectors as the package returns them:   node embeddings.mjs BASE_URL MODEL
import OpenAI from "openai";

const [baseUrl, model] = process.argv.slice(2);
const client = new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey: "not-needed", maxRetries: 0 });
const input = ["The quick brown fox", "jumps over the lazy dog", "山田さん"];

const byDefault = await client.embeddings.create({ model, input });
const asFloats = await client.embeddings.create({ model, input, encoding_format: "float" });
const oneByOne = [];
for (const text of input) {
  oneByOne.push((await client.embeddings.create({ model, input: text })).data[0].embedding);
}

let wrongModel;
try {
  await client.chat.completions.create({ model, messages: [{ role: "user", content: "hi" }] });
} catch (error) {
  wrongModel = { status: error.status, code: error.code, param: error.param };
}

console.log(JSON.stringify({
  base64: byDefault.data.map((item) => item.embedding),
  floats: asFloats.data.map((item) => item.embedding),
  oneByOne,
  usage: byDefault.usage,
  wrongModel,
}));
