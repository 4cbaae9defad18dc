import { facts, observe } from './__testUtils__/observe';

const DOCKERFILE = `# syntax=docker/dockerfile:1
FROM node:20-alpine AS build
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-alpine
RUN apk add --no-cache curl
WORKDIR /app
ENV NODE_ENV=production PORT=5000
COPY --from=build /app .
USER node
EXPOSE 5000/tcp
HEALTHCHECK --interval=30s --timeout=5s \\
  CMD curl -fsS http://localhost:5000/health || exit 1
CMD ["npm", "start"]
`;

describe('Dockerfiles', () => {
  it('reads the image, its exposed port and its health check', () => {
    expect(facts('Dockerfile', DOCKERFILE)).toEqual({
      containerized: [true],
      port: [5000],
      healthEndpoint: ['/health'],
    });
  });

  it.each([
    'Containerfile',
    'docker/Dockerfile.prod',
    'services/api.Dockerfile',
  ])('reads %s', path => {
    expect(
      facts(path, 'FROM python:3.12-slim\nCMD ["python", "app.py"]\n'),
    ).toEqual({
      containerized: [true],
    });
  });

  it('needs a FROM instruction', () => {
    expect(observe('Dockerfile', '# TODO: containerize\n')).toEqual([]);
  });
});
