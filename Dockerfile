# Tổng đài 1022 call-centre server.
#
#   docker build -t tongdai-1022 .                  # the app (last stage, default)
#   docker build --target prompts -t tongdai-1022-prompts .
#                                                   # the IVR prompt generator
#
# The app runs the TypeScript sources directly with tsx (a runtime dependency),
# as a non-root user; the pages (web/) are built in their own stage and served
# by the app at /. Configuration is by environment variables only
# (see .env.example and docker-compose.yml).

# ---- Vietnamese prompt generator (espeak-ng + sox), used by the "prompts" service
FROM debian:bookworm-slim AS prompts
RUN apt-get update \
 && apt-get install -y --no-install-recommends espeak-ng sox \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY scripts/generate-prompts.sh scripts/prompts.vi.tsv scripts/
# /out is bind-mounted to ./prompts; existing files are never overwritten.
ENTRYPOINT ["bash", "scripts/generate-prompts.sh", "--missing-only", "/out/vi", "/out/moh"]

# ---- production dependencies only
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# ---- the pages (web/), built with Vite, a development dependency: only their build goes into the app
FROM node:20-bookworm-slim AS pages
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web ./web
RUN npm run web:build

# ---- app
FROM node:20-bookworm-slim AS app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    ARI_APP=callcentre \
    RECORDINGS_DIR=/app/recordings \
    PROMPTS_DIR=/app/prompts \
    DATA_DIR=/app/data \
    LOG_LEVEL=info \
    BUSINESS_TZ=Asia/Ho_Chi_Minh \
    TZ=Asia/Ho_Chi_Minh \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
# Code stays root-owned (read-only for the app); only the volumes are writable.
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# Built after its sources were copied, so the server finds it fresh and serves it as it is (src/pages).
COPY --from=pages /app/web/dist ./web/dist
# "node" is uid/gid 1000, the same as the asterisk user of the Asterisk image
# (PUID/PGID), so files on volumes shared with Asterisk have matching owners.
# /app/prompts is a mount of ./prompts (docker-compose), writable so admins can upload prompts (owned by uid 1000).
RUN mkdir -p /app/recordings /app/data \
 && chown node:node /app/recordings /app/data
USER node
VOLUME ["/app/recordings", "/app/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# --no: never download anything at start; tsx comes from node_modules.
CMD ["npx", "--no", "tsx", "src/server.ts"]
