# One image, two services: `node dist/apps/contracts/main.js` (default) or `node dist/apps/invoicing/main.js`.

# Build: the full dependency tree (Nest CLI, webpack, TypeScript) and both bundles.
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
# The bundles keep node_modules external (webpack-node-externals), so the runtime stage ships the
# production dependencies beside them instead of one opaque file.
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# Runtime: production dependencies and the bundles only, run as the unprivileged `node` user.
FROM node:20.20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
USER node
EXPOSE 3001 3002
# Production refuses to start without API_KEYS; compose passes its own NODE_ENV and keys.
CMD ["node", "dist/apps/contracts/main.js"]
