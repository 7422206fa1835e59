# Multi-stage build of the loadsense command. Build: docker build -t loadsense .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/LoadSense.Cli -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/runtime:10.0
# Run as an unprivileged user; data lives in the volume mounted at /data.
RUN useradd --system --create-home --home-dir /home/loadsense loadsense && mkdir -p /data && chown loadsense /data
USER loadsense
WORKDIR /app
COPY --from=build /app .
ENV LOADSENSE_Sqlite__Path=/data/loadsense.db
ENTRYPOINT ["dotnet", "/app/loadsense.dll"]
CMD ["demo"]
