// Issue 16: what a LoRA adapter switch costs llama.cpp, and whether one context per adapter avoids it. llama.cpp applies
// adapters per context; llama_set_adapters_lora with a different set marks the context's scheduler for re-reserve, so the
// next llama_decode rebuilds ggml's backend scheduler and reserves the worst-case graph (llama_context::sched_reserve).
// The silo's scheduler decodes one adapter group per step and keeps it for Scheduler:AdapterStepsPerTurn steps.
//
// SEQUENCES sequences are spread evenly over the K adapters given; each gets a PROMPT-token prompt, then STEPS decode
// steps run, each decoding one adapter group (one token per sequence of the group), groups in turn:
//   base        one context, no adapter, every sequence each step (the ceiling)
//   one         one context, the first adapter, every sequence each step (an adapter's own cost)
//   switch-T    one context holding all sequences; the group changes every T steps (T = 1 and 16: the silo's turns)
//   contexts    K contexts on the same model, each with its group's sequences and its adapter set once; the group
//               changes every step, so no set ever changes and nothing is re-reserved. KV is not duplicated (each
//               context holds only its group's cells); what it costs is a compute buffer per context (printed).
//   mixed       one context with a per-sequence LoRA stack of the K adapters (per-sequence-lora.patch): every step decodes
//               every sequence, each with its own adapter, in one llama_decode (the target: near base). Also with K = 1.
// Prints, per mode, ms per step (mean, p50, p95), tokens per second and the GPU memory the mode's contexts took.
//
//   lora-switch MODEL SEQUENCES STEPS PROMPT ADAPTER...
// THREADS sets llama.cpp's CPU threads. BACKENDS_DIR is the folder of llama.cpp's backend libraries.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "llama.h"
#include "ggml-backend.h"
#include "gpu-model.h"

enum { MAX_ADAPTERS = 64 };

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

static int compare_doubles(const void * a, const void * b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

// Free memory of the first GPU in bytes (0 without one).
static size_t gpu_free(void) {
    for (size_t i = 0; i < ggml_backend_dev_count(); i++) {
        ggml_backend_dev_t device = ggml_backend_dev_get(i);
        if (ggml_backend_dev_type(device) == GGML_BACKEND_DEVICE_TYPE_GPU) {
            size_t free = 0, total = 0;
            ggml_backend_dev_memory(device, &free, &total);
            return free;
        }
    }
    return 0;
}

static struct llama_context * new_context(struct llama_model * model, int sequences, int cells_per_sequence) {
    struct llama_context_params params = llama_context_default_params();
    params.n_ctx = (uint32_t) (sequences * cells_per_sequence);
    params.n_batch = params.n_ubatch = 2048;
    params.n_seq_max = (uint32_t) sequences;
    params.kv_unified = false;
    params.no_perf = true;
    if (getenv("THREADS")) { params.n_threads = params.n_threads_batch = atoi(getenv("THREADS")); }
    struct llama_context * context = llama_init_from_model(model, params);
    if (!context) { fprintf(stderr, "cannot create a context of %d sequences\n", sequences); exit(1); }
    return context;
}

static void set_adapter(struct llama_context * context, struct llama_adapter_lora * adapter) {
    float scale = 1.0f;
    if (llama_set_adapters_lora(context, adapter ? &adapter : NULL, adapter ? 1 : 0, &scale) != 0) { fprintf(stderr, "cannot set the adapter\n"); exit(1); }
}

// Decodes one token for each of sequences [first, first + count) of a context, at their next positions.
static void decode(struct llama_context * context, struct llama_batch * batch, int * positions, int first, int count, int prompt) {
    unsigned seed = (unsigned) first * 2654435761u;
    batch->n_tokens = 0;
    for (int s = first; s < first + count; s++) {
        for (int t = 0; t < prompt; t++) {
            int i = batch->n_tokens++;
            seed = seed * 1103515245u + 12345u;
            batch->token[i] = (llama_token) (seed % 32000u);
            batch->pos[i] = positions[s]++;
            batch->n_seq_id[i] = 1;
            batch->seq_id[i][0] = s;
            batch->logits[i] = t == prompt - 1;
        }
    }
    if (llama_decode(context, *batch) != 0) { fprintf(stderr, "llama_decode failed\n"); exit(1); }
    llama_synchronize(context);
}

static void report(const char * mode, double * steps_ms, int steps, long tokens, size_t memory) {
    double total = 0;
    for (int i = 0; i < steps; i++) { total += steps_ms[i]; }
    qsort(steps_ms, (size_t) steps, sizeof(double), compare_doubles);
    printf("| %s | %d | %.2f | %.2f | %.2f | %.0f | %.0f |\n", mode, steps, total / steps, steps_ms[steps / 2], steps_ms[steps * 95 / 100],
        tokens / (total / 1e3), memory / 1048576.0);
    fflush(stdout);
}

// One context with every sequence; the group (and its adapter) changes every `turn` steps; turn 0 = every sequence each step.
static void run_one_context(struct llama_model * model, struct llama_adapter_lora ** adapters, int k, int sequences, int steps, int prompt, int turn, const char * mode) {
    size_t before = gpu_free();
    struct llama_context * context = new_context(model, sequences, prompt + steps + 8);
    size_t memory = before - gpu_free();
    struct llama_batch batch = llama_batch_init(sequences > prompt ? sequences : prompt, 0, 1);
    int * positions = calloc((size_t) sequences, sizeof(int));
    int group = sequences / (k > 0 ? k : 1);
    for (int s = 0; s < sequences; s++) {
        set_adapter(context, k > 0 ? adapters[turn == 0 ? 0 : s / group] : NULL);
        decode(context, &batch, positions, s, 1, prompt);
    }
    double * steps_ms = calloc((size_t) steps, sizeof(double));
    long tokens = 0;
    for (int step = 0; step < steps; step++) {
        int g = turn == 0 ? 0 : (step / turn) % k;
        double started = now_ms();
        if (turn != 0) { set_adapter(context, adapters[g]); }
        decode(context, &batch, positions, turn == 0 ? 0 : g * group, turn == 0 ? sequences : group, 1);
        steps_ms[step] = now_ms() - started;
        tokens += turn == 0 ? sequences : group;
    }
    report(mode, steps_ms, steps, tokens, memory);
    free(steps_ms);
    free(positions);
    llama_batch_free(batch);
    llama_free(context);
}

// One context with every sequence and a per-sequence LoRA stack of the K adapters (scripts/llama-patches/per-sequence-lora.patch):
// sequence s uses adapter s / group, and every step decodes all sequences, of every adapter, in one llama_decode.
static void run_mixed(struct llama_model * model, struct llama_adapter_lora ** adapters, int k, int sequences, int steps, int prompt) {
    struct llama_adapter_lora_stack * stack = llama_adapter_lora_stack_init(model, adapters, (size_t) k);
    if (!stack) { fprintf(stderr, "cannot stack the adapters\n"); exit(1); }
    size_t before = gpu_free();
    struct llama_context * context = new_context(model, sequences, prompt + steps + 8);
    llama_set_adapter_lora_stack(context, stack);
    size_t memory = before - gpu_free();
    struct llama_batch batch = llama_batch_init(sequences > prompt ? sequences : prompt, 0, 1);
    int * positions = calloc((size_t) sequences, sizeof(int));
    int group = sequences / k;
    for (int s = 0; s < sequences; s++) {
        if (llama_set_seq_adapter_lora(context, s, 1 + s / group, 1.0f) != 0) { fprintf(stderr, "cannot set sequence %d's adapter\n", s); exit(1); }
        decode(context, &batch, positions, s, 1, prompt);
    }
    double * steps_ms = calloc((size_t) steps, sizeof(double));
    long tokens = 0;
    for (int step = 0; step < steps; step++) {
        double started = now_ms();
        decode(context, &batch, positions, 0, sequences, 1);
        steps_ms[step] = now_ms() - started;
        tokens += sequences;
    }
    report("mixed", steps_ms, steps, tokens, memory);
    free(steps_ms);
    free(positions);
    llama_batch_free(batch);
    llama_free(context);
    llama_adapter_lora_stack_free(stack);
}

// One context per adapter, each with its group's sequences and its adapter set once; the group changes every step.
static void run_contexts(struct llama_model * model, struct llama_adapter_lora ** adapters, int k, int sequences, int steps, int prompt) {
    int group = sequences / k;
    size_t before = gpu_free();
    struct llama_context * contexts[MAX_ADAPTERS];
    for (int g = 0; g < k; g++) { contexts[g] = new_context(model, group, prompt + steps + 8); }
    size_t memory = before - gpu_free();
    struct llama_batch batch = llama_batch_init(group > prompt ? group : prompt, 0, 1);
    int * positions = calloc((size_t) sequences, sizeof(int));
    for (int g = 0; g < k; g++) {
        set_adapter(contexts[g], adapters[g]);
        for (int s = 0; s < group; s++) { decode(contexts[g], &batch, positions + g * group, s, 1, prompt); }
    }
    double * steps_ms = calloc((size_t) steps, sizeof(double));
    long tokens = 0;
    for (int step = 0; step < steps; step++) {
        int g = step % k;
        double started = now_ms();
        decode(contexts[g], &batch, positions + g * group, 0, group, 1);
        steps_ms[step] = now_ms() - started;
        tokens += group;
    }
    report("contexts", steps_ms, steps, tokens, memory);
    free(steps_ms);
    free(positions);
    llama_batch_free(batch);
    for (int g = 0; g < k; g++) { llama_free(contexts[g]); }
}

int main(int argc, char ** argv) {
    if (argc < 6) { fprintf(stderr, "usage: %s MODEL SEQUENCES STEPS PROMPT ADAPTER...\n", argv[0]); return 2; }
    const int sequences = atoi(argv[2]), steps = atoi(argv[3]), prompt = atoi(argv[4]), k = argc - 5;
    if (k > MAX_ADAPTERS || sequences % k != 0) { fprintf(stderr, "give at most %d adapters, and SEQUENCES a multiple of their count\n", MAX_ADAPTERS); return 2; }
    struct llama_model * model = load_gpu_model(argv[1]);
    struct llama_adapter_lora * adapters[MAX_ADAPTERS];
    for (int g = 0; g < k; g++) {
        adapters[g] = llama_adapter_lora_init(model, argv[5 + g]);
        if (!adapters[g]) { fprintf(stderr, "cannot load adapter %s\n", argv[5 + g]); return 1; }
    }
    printf("| mode (%d sequences, %d adapters) | steps | ms/step mean | p50 | p95 | tok/s | context MiB |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n", sequences, k);
    run_one_context(model, adapters, 0, sequences, steps, prompt, 0, "base");
    run_one_context(model, adapters, 1, sequences, steps, prompt, 0, "one");
    run_mixed(model, adapters, k, sequences, steps, prompt);
    if (k > 1) {
        run_one_context(model, adapters, k, sequences, steps, prompt, 1, "switch-1");
        run_one_context(model, adapters, k, sequences, steps, prompt, 16, "switch-16");
        run_contexts(model, adapters, k, sequences, steps, prompt);
    }
    for (int g = 0; g < k; g++) { llama_adapter_lora_free(adapters[g]); }
    llama_model_free(model);
    return 0;
}
