# The gateway: ASP.NET Core + YARP + Orleans client, framework-dependent on the ASP.NET runtime image, as a non-root user.
# Run it with a read-only root filesystem (compose: read_only + a /tmp tmpfs; Kubernetes: readOnlyRootFilesystem): it writes nothing.
#   docker build -f deploy/docker/gateway.Dockerfile -t cluster-gateway .
# Base images are named without a registry; give the registry with the build arguments (see deploy/README.md).
ARG SDK_IMAGE=dotnet/sdk:10.0
ARG ASPNET_IMAGE=dotnet/aspnet:10.0

FROM ${SDK_IMAGE} AS build
WORKDIR /src
COPY .editorconfig Directory.Build.props Directory.Packages.props ./
COPY src/Contracts/ src/Contracts/
COPY src/Grains.Abstractions/ src/Grains.Abstractions/
COPY src/Gateway/ src/Gateway/
RUN dotnet publish src/Gateway/Cluster.Gateway.csproj -c Release -o /app --nologo

FROM ${ASPNET_IMAGE}
WORKDIR /app
COPY --from=build /app ./
# 1654 is the ASP.NET images' "app" user; numeric, so Kubernetes' runAsNonRoot can check it.
USER 1654
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_EnableDiagnostics=0
EXPOSE 8080
# No curl in the runtime image: bash asks /health/live over /dev/tcp.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${ASPNETCORE_HTTP_PORTS%%,*} && printf 'GET /health/live HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3"]
ENTRYPOINT ["dotnet", "cluster-gateway.dll"]
