# One image for the api, the worker and migrations; docker-compose.yml picks the command per service.
# The server code runs as TypeScript through tsx (a runtime dependency), so only the dashboard is built.
ARG NODE_IMAGE=node:20-bookworm-slim

# All dependencies, for building the dashboard.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# No dependency needs its install script here (native parts come as optional packages), as with npm 11.
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npm run build:web

# Production dependencies only (tsx included), in a clean stage so no dev package leaks into the image.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY activities ./activities
COPY api ./api
COPY config ./config
COPY contracts ./contracts
COPY db ./db
COPY domain ./domain
COPY observability ./observability
COPY providers ./providers
# The worker reads the emulators' paths (sandbox mode); the emulators themselves run only in sandbox.
COPY sandbox ./sandbox
COPY temporal ./temporal
COPY workers ./workers
COPY workflows ./workflows
# Served by the api when WEB_BUILD_DIR=/app/web/build.
COPY --from=build /app/web/build ./web/build
# Files stay owned by root, so the process cannot rewrite its own code.
USER node
EXPOSE 3000
# Slim images have no curl; Node 20 has fetch. Only the api serves HTTP: compose disables this for the others.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.API_PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "--import", "tsx", "api/main.ts"]
