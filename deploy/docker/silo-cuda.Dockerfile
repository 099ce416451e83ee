# A GPU silo: llama.cpp built with CUDA from the pinned npm bundle by the repo's own script for CUDA_ARCHITECTURES (a CMake list:
# "90" for H100/H200, "80;86;89;90" for several), the silo published framework-dependent, and a CUDA runtime stage that carries
# the .NET runtime, as a non-root user. Models are mounted at /models (read-only), never baked in.
#   docker build -f deploy/docker/silo-cuda.Dockerfile --build-arg CUDA_ARCHITECTURES=90 -t cluster-silo-cuda .
ARG NODE_IMAGE=node:22-bookworm-slim
ARG SDK_IMAGE=dotnet/sdk:10.0
ARG ASPNET_IMAGE=dotnet/aspnet:10.0
ARG CUDA_DEVEL_IMAGE=nvidia/cuda:13.0.0-devel-ubuntu24.04
ARG CUDA_RUNTIME_IMAGE=nvidia/cuda:13.0.0-runtime-ubuntu24.04

FROM ${NODE_IMAGE} AS llama-packages
WORKDIR /src
COPY scripts/fetch-llama.sh scripts/
RUN bash scripts/fetch-llama.sh pack

FROM ${CUDA_DEVEL_IMAGE} AS llama-cuda
ARG CUDA_ARCHITECTURES=90
RUN apt-get update && apt-get install -y --no-install-recommends cmake ninja-build git ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY --from=llama-packages /src/.native/npm/ .native/npm/
COPY scripts/build-llama-cuda.sh scripts/fetch-llama.sh scripts/patch-llama-src.sh scripts/
# Our patches to llama.cpp (scripts/llama-patches/README.md says why each exists), per-sequence LoRA among them.
COPY scripts/llama-patches/ scripts/llama-patches/
# libmtmd (vision projectors) is built in-tree with CUDA next to libllama; the silo loads it from the same folder.
RUN bash scripts/build-llama-cuda.sh "${CUDA_ARCHITECTURES}" /opt/llama-cuda && test -e /opt/llama-cuda/libmtmd.so

FROM ${SDK_IMAGE} AS build
WORKDIR /src
COPY --from=llama-packages /src/.native/npm/ .native/npm/
# Published without llama.cpp's CPU libraries (SkipLlamaFetch: the CUDA ones serve, so the CPU libmtmd needs no compiler
# here); that also leaves out vocab/, so the tokenizer (create-model) is unpacked on its own.
COPY scripts/fetch-llama.sh scripts/
RUN bash scripts/fetch-llama.sh source && mkdir -p /app/vocab && cp .native/vocab/* /app/vocab/
COPY .editorconfig Directory.Build.props Directory.Packages.props ./
COPY scripts/ scripts/
COPY src/ src/
RUN dotnet publish src/Silo/Cluster.Silo.csproj -c Release -o /app --nologo -p:SkipLlamaFetch=true

FROM ${ASPNET_IMAGE} AS dotnet-runtime

FROM ${CUDA_RUNTIME_IMAGE}
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates libssl3t64 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 1654 --user-group --no-create-home --home-dir /app app
COPY --from=dotnet-runtime /usr/share/dotnet /usr/share/dotnet
COPY --from=llama-cuda /opt/llama-cuda /opt/llama-cuda
WORKDIR /app
COPY --from=build /app ./
USER 1654
ENV DOTNET_ROOT=/usr/share/dotnet \
    PATH=/usr/share/dotnet:$PATH \
    CLUSTER_LLAMA_LIB_DIR=/opt/llama-cuda \
    ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_EnableDiagnostics=0 \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    Silo__Models__0__Path=/models/model.gguf
EXPOSE 8080 11111 30000
VOLUME ["/models"]
HEALTHCHECK --interval=10s --timeout=3s --start-period=300s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${ASPNETCORE_HTTP_PORTS%%,*} && printf 'GET /health/ready HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3"]
ENTRYPOINT ["dotnet", "cluster-silo.dll", "serve"]
