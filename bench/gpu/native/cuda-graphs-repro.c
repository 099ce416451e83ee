// Issue 12: the silo's decode pattern on llama.cpp alone, to reproduce (or rule out) the CUDA graph abort
// ("CUDA error: an illegal instruction was encountered" at cudaGraphLaunch) without .NET in the way, and to time
// graphs on against off. It drives one context like the silo's scheduler: SEQUENCES slots, each taking a PROMPT-token
// prompt in chunks within a BUDGET-token step and then generating GENERATE tokens one per step, restarting at once;
// per-sequence KV (kv_unified false) unless UNIFIED is 1; every output row is read as host sampling reads it.
// Tokens are pseudo-random (the pattern, not the text, is what matters). Prints steps, generated tokens and tok/s.
//
//   cuda-graphs-repro MODEL [SEQUENCES=128] [STEPS=1500] [PROMPT=512] [GENERATE=128] [BUDGET=2048] [UNIFIED=0] [FLASH=-1]
// Graphs follow GGML_CUDA_DISABLE_GRAPHS (set: off). FLASH is llama_flash_attn_type (-1 auto, 0 off, 1 on).
// SLOTS (default SEQUENCES) sizes the context for that many sequences, CONTEXT (default PROMPT + GENERATE + 8) tokens
// each, of which the first SEQUENCES are used: the silo's context of 128 slots with one stream decoding.
// THREADS sets llama.cpp's CPU threads. BACKENDS_DIR is the folder of llama.cpp's backend libraries (default: ggml's own search).
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "llama.h"
#include "gpu-model.h"

typedef struct { int position; int prompt_left; int generated; } slot_state;

static double now_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int argument(int argc, char ** argv, int index, int fallback) { return argc > index ? atoi(argv[index]) : fallback; }

int main(int argc, char ** argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s MODEL [SEQUENCES] [STEPS] [PROMPT] [GENERATE] [BUDGET] [UNIFIED] [FLASH]\n", argv[0]); return 2; }
    const int sequences = argument(argc, argv, 2, 128), steps = argument(argc, argv, 3, 1500), prompt = argument(argc, argv, 4, 512);
    const int generate = argument(argc, argv, 5, 128), budget = argument(argc, argv, 6, 2048), unified = argument(argc, argv, 7, 0);
    const int flash = argument(argc, argv, 8, -1);

    struct llama_model * model = load_gpu_model(argv[1]);
    struct llama_context_params params = llama_context_default_params();
    const int slot_count = getenv("SLOTS") ? atoi(getenv("SLOTS")) : sequences;
    const int slot_context = getenv("CONTEXT") ? atoi(getenv("CONTEXT")) : prompt + generate + 8;
    if (slot_count < sequences || slot_context < prompt + generate) { fprintf(stderr, "SLOTS below SEQUENCES or CONTEXT below PROMPT + GENERATE\n"); return 2; }
    params.n_ctx = (uint32_t) (slot_count * slot_context);
    params.n_batch = params.n_ubatch = (uint32_t) budget;
    params.n_seq_max = (uint32_t) slot_count;
    params.kv_unified = unified != 0;
    params.flash_attn_type = (enum llama_flash_attn_type) flash;
    params.no_perf = true;
    if (getenv("THREADS")) { params.n_threads = params.n_threads_batch = atoi(getenv("THREADS")); }
    struct llama_context * context = llama_init_from_model(model, params);
    if (!context) { fprintf(stderr, "cannot create the context\n"); return 1; }
    const int vocabulary = llama_vocab_n_tokens(llama_model_get_vocab(model));
    llama_memory_t memory = llama_get_memory(context);
    struct llama_batch batch = llama_batch_init(budget, 0, 1);
    slot_state * slots = calloc((size_t) sequences, sizeof(slot_state));
    for (int s = 0; s < sequences; s++) { slots[s].prompt_left = prompt; }
    unsigned random_state = 12345;
    long generated = 0;
    double started = now_seconds(), window = started;
    for (int step = 1; step <= steps; step++) {
        batch.n_tokens = 0;
        // Decoding sequences first (one token each), then prompt chunks in what is left of the budget.
        for (int s = 0; s < sequences && batch.n_tokens < budget; s++) {
            if (slots[s].prompt_left > 0) { continue; }
            int i = batch.n_tokens++;
            random_state = random_state * 1103515245u + 12345u;
            batch.token[i] = (llama_token) (random_state % (unsigned) vocabulary);
            batch.pos[i] = slots[s].position++;
            batch.n_seq_id[i] = 1; batch.seq_id[i][0] = s; batch.logits[i] = 1;
        }
        for (int s = 0; s < sequences && batch.n_tokens < budget; s++) {
            for (; slots[s].prompt_left > 0 && batch.n_tokens < budget; slots[s].prompt_left--) {
                int i = batch.n_tokens++;
                random_state = random_state * 1103515245u + 12345u;
                batch.token[i] = (llama_token) (random_state % (unsigned) vocabulary);
                batch.pos[i] = slots[s].position++;
                batch.n_seq_id[i] = 1; batch.seq_id[i][0] = s; batch.logits[i] = slots[s].prompt_left == 1;
            }
        }
        int status = llama_decode(context, batch);
        if (status != 0) { fprintf(stderr, "step %d: llama_decode returned %d\n", step, status); return 1; }
        for (int i = 0; i < batch.n_tokens; i++) {
            if (batch.logits[i]) { volatile float first = llama_get_logits_ith(context, i)[0]; (void) first; }
        }
        // A sequence that has generated its tokens ends and starts over (the silo's stateless requests).
        for (int i = 0; i < batch.n_tokens; i++) {
            int s = batch.seq_id[i][0];
            if (!batch.logits[i]) { continue; }
            generated++;
            if (++slots[s].generated >= generate) {
                llama_memory_seq_rm(memory, s, -1, -1);
                slots[s] = (slot_state) { 0, prompt, 0 };
            }
        }
        if (step % 250 == 0 || step == steps) {
            double t = now_seconds();
            printf("step %d: %ld generated, %.0f tok/s overall, %.1f ms/step lately\n", step, generated, generated / (t - started), (t - window) * 1000 / (step % 250 == 0 ? 250 : step % 250));
            fflush(stdout);
            window = t;
        }
    }
    printf("done: %d steps, %d sequences in %d slots, unified %d, flash %d, %.0f tok/s\n", steps, sequences, slot_count, unified, flash, generated / (now_seconds() - started));
    llama_batch_free(batch);
    llama_free(context);
    llama_model_free(model);
    free(slots);
    return 0;
}
