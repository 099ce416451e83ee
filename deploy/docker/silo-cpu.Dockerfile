# A silo for machines without GPUs: the silo with llama.cpp's pinned CPU build (npm @node-llama-cpp/linux-x64), framework-dependent
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

FROM ${SDK_IMAGE} AS build
WORKDIR /src
COPY --from=llama-packages /src/.native/npm/ .native/npm/
COPY .editorconfig Directory.Build.props Directory.Packages.props ./
COPY scripts/ scripts/
COPY src/ src/
# The build unpacks the CPU libraries and the tokenizer from the tarballs and publishes them as llama/ and vocab/ next to the silo.
RUN dotnet publish src/Silo/Cluster.Silo.csproj -c Release -o /app --nologo

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
