# The goalnet API server. Build: docker build -t goalnet .  (docker-compose.yml runs it with Neo4j)
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production GOALNET_HOST=0.0.0.0 GOALNET_PORT=4000
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
COPY seeds ./seeds
EXPOSE 4000
CMD ["node", "dist/src/cli/main.js", "serve"]
