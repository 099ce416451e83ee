// Checks scripts/llama-patches/lora-per-sequence.patch on llama.cpp's CPU build: three sequences, one on the base
// model and one on each of two adapters, decoded together in ONE llama_decode through a LoRA stack, give the logits each
// gives decoded alone with its adapter set the old way (llama_set_adapters_lora), within float tolerance; the adapters
// must change the logits far more than that (else the check proves nothing). Two steps: the prompts (only the last
// token of each is an output: the output-row path), then one token each (every token an output).
//
//   lora-per-sequence MODEL ADAPTER_A ADAPTER_B
// BACKENDS_DIR is the folder of llama.cpp's backend libraries. Prints the largest differences; exits 0 when the check holds.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ggml-backend.h"
#include "llama.h"

enum { SEQUENCES = 3, PROMPT = 12, STEPS = 2 };
static float TOLERANCE = 1e-3f; // TOLERANCE in the environment overrides it (GPU kernels round by batch shape)
static const float MIN_ADAPTER_EFFECT = 1e-1f;

static struct llama_context * new_context(struct llama_model * model) {
    struct llama_context_params params = llama_context_default_params();
    params.n_ctx = 256;
    params.n_batch = params.n_ubatch = 64;
    params.n_seq_max = SEQUENCES;
    params.kv_unified = false;
    params.n_threads = params.n_threads_batch = 2;
    params.no_perf = true;
    struct llama_context * context = llama_init_from_model(model, params);
    if (!context) { fprintf(stderr, "cannot create a context\n"); exit(1); }
    return context;
}

static llama_token token_at(int step, int t) { return (llama_token) (100 + 37 * step + 11 * t); }

// Adds step `step` of sequence `seq` to the batch: the prompt at step 0, one token after.
static void add_step(struct llama_batch * batch, int seq, int step) {
    const int count = step == 0 ? PROMPT : 1, first = step == 0 ? 0 : PROMPT + step - 1;
    for (int t = 0; t < count; t++) {
        int i = batch->n_tokens++;
        batch->token[i] = token_at(step, t + seq);
        batch->pos[i] = first + t;
        batch->n_seq_id[i] = 1;
        batch->seq_id[i][0] = seq;
        batch->logits[i] = t == count - 1;
    }
}

static float max_difference(const float * x, const float * y, int n) {
    float worst = 0;
    for (int i = 0; i < n; i++) { float d = fabsf(x[i] - y[i]); if (d > worst || isnan(d)) worst = isnan(d) ? INFINITY : d; }
    return worst;
}

int main(int argc, char ** argv) {
    if (argc != 4) { fprintf(stderr, "usage: %s MODEL ADAPTER_A ADAPTER_B\n", argv[0]); return 2; }
    if (getenv("TOLERANCE")) { TOLERANCE = (float) atof(getenv("TOLERANCE")); }
    const char * backends = getenv("BACKENDS_DIR");
    if (backends) { ggml_backend_load_all_from_path(backends); } else { ggml_backend_load_all(); }
    llama_backend_init();
    struct llama_model * model = llama_model_load_from_file(argv[1], llama_model_default_params());
    if (!model) { fprintf(stderr, "cannot load %s\n", argv[1]); return 1; }
    struct llama_adapter_lora * adapters[2] = { llama_adapter_lora_init(model, argv[2]), llama_adapter_lora_init(model, argv[3]) };
    if (!adapters[0] || !adapters[1]) { fprintf(stderr, "cannot load the adapters\n"); return 1; }
    const int n_vocab = llama_vocab_n_tokens(llama_model_get_vocab(model));
    struct llama_batch batch = llama_batch_init(SEQUENCES * PROMPT, 0, 1);
    float * alone = calloc((size_t) SEQUENCES * STEPS * n_vocab, sizeof(float));

    // the old way: each sequence alone in its own context, its adapter set on the context (sequence s: adapter s - 1)
    for (int s = 0; s < SEQUENCES; s++) {
        struct llama_context * context = new_context(model);
        float scale = 1.0f;
        if (s > 0 && llama_set_adapters_lora(context, &adapters[s - 1], 1, &scale) != 0) { fprintf(stderr, "cannot set the adapter\n"); return 1; }
        for (int step = 0; step < STEPS; step++) {
            batch.n_tokens = 0;
            add_step(&batch, s, step);
            if (llama_decode(context, batch) != 0) { fprintf(stderr, "llama_decode failed\n"); return 1; }
            memcpy(alone + ((size_t) s * STEPS + step) * n_vocab, llama_get_logits_ith(context, -1), n_vocab * sizeof(float));
        }
        llama_free(context);
    }

    // the stack: slot 0 = base, 1 and 2 = the adapters; all three sequences in each llama_decode
    struct llama_adapter_lora_stack * stack = llama_adapter_lora_stack_init(model, adapters, 2);
    if (!stack || llama_adapter_lora_stack_n_slots(stack) != 3) { fprintf(stderr, "cannot stack the adapters\n"); return 1; }
    llama_adapter_lora_free(adapters[0]);  // the stack holds its own copy
    llama_adapter_lora_free(adapters[1]);
    struct llama_context * context = new_context(model);
    if (llama_set_seq_adapter_lora(context, 1, 1, 1.0f) != -1) { fprintf(stderr, "a slot was set without a stack\n"); return 1; }
    llama_set_adapter_lora_stack(context, stack);
    if (llama_set_seq_adapter_lora(context, 1, 3, 1.0f) != -1 || llama_set_seq_adapter_lora(context, SEQUENCES, 1, 1.0f) != -1) {
        fprintf(stderr, "an out-of-range slot or sequence was accepted\n"); return 1;
    }
    for (int s = 0; s < SEQUENCES; s++) { llama_set_seq_adapter_lora(context, s, s, 1.0f); }
    int failed = 0;
    for (int step = 0; step < STEPS; step++) {
        batch.n_tokens = 0;
        for (int s = SEQUENCES - 1; s >= 0; s--) { add_step(&batch, s, step); } // interleaved out of slot order
        if (llama_decode(context, batch) != 0) { fprintf(stderr, "llama_decode failed\n"); return 1; }
        for (int s = 0; s < SEQUENCES; s++) {
            const int output = SEQUENCES - 1 - s;
            const float * mixed = llama_get_logits_ith(context, step == 0 ? (output + 1) * PROMPT - 1 : output);
            const float * reference = alone + ((size_t) s * STEPS + step) * n_vocab;
            const float difference = max_difference(mixed, reference, n_vocab);
            const float effect = s == 0 ? 0 : max_difference(reference, alone + (size_t) step * n_vocab, n_vocab);
            const int ok = difference <= TOLERANCE && (s == 0 || effect >= MIN_ADAPTER_EFFECT);
            printf("step %d sequence %d (slot %d): max |mixed - alone| = %.3g, adapter effect vs base = %.3g %s\n",
                step, s, s, difference, effect, ok ? "ok" : "FAILED");
            failed |= !ok;
        }
    }
    llama_free(context);
    llama_adapter_lora_stack_free(stack);
    llama_model_free(model);
    llama_batch_free(batch);
    free(alone);
    printf(failed ? "lora-per-sequence: FAILED (tolerance %g)\n" : "lora-per-sequence: ok (tolerance %g)\n", TOLERANCE);
    return failed;
}
