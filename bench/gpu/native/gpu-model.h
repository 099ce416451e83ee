// Shared by the native GPU probes: loads llama.cpp's backends and a model with every layer on the GPU.
#pragma once
#include <stdio.h>
#include <stdlib.h>
#include "llama.h"

// The backends (CPU variants, CUDA) are libraries next to libllama, as the silo loads them: BACKENDS_DIR names their
// folder (default: ggml's own search). Exits with a message when the model does not load.
static struct llama_model * load_gpu_model(const char * path) {
    const char * backends = getenv("BACKENDS_DIR");
    if (backends) { ggml_backend_load_all_from_path(backends); } else { ggml_backend_load_all(); }
    llama_backend_init();
    struct llama_model_params model_params = llama_model_default_params();
    model_params.n_gpu_layers = 999;
    struct llama_model * model = llama_model_load_from_file(path, model_params);
    if (!model) { fprintf(stderr, "cannot load %s\n", path); exit(1); }
    return model;
}
