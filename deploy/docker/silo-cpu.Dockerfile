# A silo for machines without GPUs: the silo with llama.cpp's pinned CPU build (npm @node-llama-cpp/linux-x64, libllama
# rebuilt from the patched source) and libmtmd built for it (vision models), framework-dependent
# on the ASP.NET runtime image, as a non-root user. Models are mounted at /models (read-only), never baked in.
#   docker build -f deploy/docker/silo-cpu.Dockerfile -t cluster-silo-cpu .
ARG NODE_IMAGE=node:22-bookworm-slim
ARG SDK_IMAGE=dotnet/sdk:10.0
ARG ASPNET_IMAGE=dotnet/aspnet:10.0

# llama.cpp by npm package name and version (scripts/fetch-llama.sh pack), never by URL.
FROM ${NODE_IMAGE} AS llama-packages
WORKDIR /src
COPY scripts/fetch-llama.sh scripts/
RUN bash scripts/fetch-llama.sh pack

# libmtmd (images through vision projectors) is not in the CPU prebuilt: scripts/build-mtmd-cpu.sh builds it from the
# bundled source against the prebuilt libllama/libggml, with cmake and a C++ compiler that only this stage carries.
# scripts/build-llama-cpu.sh builds libllama from the patched source there too.
FROM ${SDK_IMAGE} AS mtmd-cpu
RUN apt-get update && apt-get install -y --no-install-recommends cmake g++ ninja-build git \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY --from=llama-packages /src/.native/npm/ .native/npm/
COPY scripts/fetch-llama.sh scripts/build-mtmd-cpu.sh scripts/build-llama-cpu.sh scripts/patch-llama-src.sh scripts/
COPY scripts/mtmd/ scripts/mtmd/
COPY scripts/llama-cpu/ scripts/llama-cpu/
COPY scripts/llama-patches/ scripts/llama-patches/
RUN bash scripts/build-mtmd-cpu.sh && test -s .native/mtmd-cpu/libmtmd.so
# libllama from the patched source (per-sequence LoRA), against the prebuilt ggml: it replaces the prebuilt libllama.
RUN bash scripts/build-llama-cpu.sh && test -s .native/llama-cpu-patched/libllama.v0.5.0.so

FROM ${SDK_IMAGE} AS build
WORKDIR /src
COPY --from=llama-packages /src/.native/npm/ .native/npm/
# The unpacked CPU libraries, tokenizer and libmtmd: the build finds them and neither fetches nor compiles again.
COPY --from=mtmd-cpu /src/.native/llama-cpu/ .native/llama-cpu/
COPY --from=mtmd-cpu /src/.native/vocab/ .native/vocab/
COPY --from=mtmd-cpu /src/.native/mtmd-cpu/ .native/mtmd-cpu/
COPY --from=mtmd-cpu /src/.native/llama-cpu-patched/ .native/llama-cpu-patched/
COPY .editorconfig Directory.Build.props Directory.Packages.props ./
COPY scripts/ scripts/
COPY src/ src/
# The build publishes the CPU libraries with libmtmd as llama/, and the tokenizer as vocab/, next to the silo.
RUN dotnet publish src/Silo/Cluster.Silo.csproj -c Release -o /app --nologo && test -s /app/llama/libmtmd.so

FROM ${ASPNET_IMAGE}
WORKDIR /app
COPY --from=build /app ./
USER 1654
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_EnableDiagnostics=0 \
    Silo__Models__0__Path=/models/model.gguf
EXPOSE 8080 11111 30000
VOLUME ["/models"]
# Healthy once every model is loaded (/health/ready), so a start period covers the load.
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${ASPNETCORE_HTTP_PORTS%%,*} && printf 'GET /health/ready HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3"]
ENTRYPOINT ["dotnet", "cluster-silo.dll", "serve"]
