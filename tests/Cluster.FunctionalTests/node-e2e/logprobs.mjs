// logprobs through the gateway with the official openai package: chat (top_logprobs, non-streamed and streamed as
// the package's helper assembles them) and legacy completions. Greedy, so each token is its own best alternative.
// Prints JSON:  node logprobs.mjs BASE_URL MODEL
import OpenAI from "openai";

const [baseUrl, model] = process.argv.slice(2);
const client = new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey: "not-needed", maxRetries: 0 });
const request = { model, messages: [{ role: "user", content: "Hello" }], temperature: 0, max_tokens: 6, ignore_eos: true, logprobs: true, top_logprobs: 3 };

const whole = await client.chat.completions.create(request);
const streamed = await client.chat.completions.stream(request).finalChatCompletion();
const text = await client.completions.create({ model, prompt: "Hello", temperature: 0, max_tokens: 6, ignore_eos: true, logprobs: 2 });

const summary = (content) => content.map((token) => ({
  token: token.token,
  logprob: token.logprob,
  best: token.top_logprobs[0].token,
  bestLogprob: token.top_logprobs[0].logprob,
  alternatives: token.top_logprobs.length,
}));
console.log(JSON.stringify({
  text: whole.choices[0].message.content,
  tokens: summary(whole.choices[0].logprobs.content),
  streamedText: streamed.choices[0].message.content,
  streamedTokens: summary(streamed.choices[0].logprobs.content),
  completionText: text.choices[0].text,
  completionTokens: text.choices[0].logprobs.tokens,
  completionTop: text.choices[0].logprobs.top_logprobs.map((top) => Object.keys(top).length),
}));
