# syntax=docker/dockerfile:1
# The portal as a container (docs/deploying.md): Next's standalone server, run as a non-root user.
# Targets: `runner` (the app, default) and `migrate` (applies prisma/migrations, then exits).

FROM node:20-bookworm-slim AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/lib ./scripts/lib
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
# Standalone output only for the image: `next start` (tests, benchmarks) keeps the default.
ENV NEXT_OUTPUT=standalone
RUN npm run build

# One-off: DATABASE_URL=… docker run --rm <image>:migrate (compose and Kubernetes run it before the app).
FROM deps AS migrate
COPY src ./src
COPY scripts ./scripts
COPY tsconfig.json ./
USER node
CMD ["npm", "run", "db:migrate"]

FROM node:20-bookworm-slim AS runner
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0 SKIP_DEMO_SEED=1
COPY --from=build --chown=node:node /app/.next/standalone ./
COPY --from=build --chown=node:node /app/.next/static ./.next/static
COPY --from=build --chown=node:node /app/public ./public
# /api/health compares the database's applied migrations with this build's.
COPY --from=build --chown=node:node /app/prisma/migrations ./prisma/migrations
# The API reference's bundle, read from the package at runtime (/docs/api/scalar.js).
COPY --from=build --chown=node:node /app/node_modules/@scalar/api-reference/dist/browser/standalone.js ./node_modules/@scalar/api-reference/dist/browser/standalone.js
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:3000/api/health?probe=live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "server.js"]
