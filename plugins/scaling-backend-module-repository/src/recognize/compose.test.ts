import { recognizeFile } from './recognize';
import { serviceEvidence } from './service';
import { facts, observe } from './__testUtils__/observe';

const BASELINE = `# petstore on a single VPS: the service, PostgreSQL and a scheduled database backup.
name: petstore

x-healthcheck: &healthcheck
  interval: 30s
  timeout: 5s
  retries: 3

services:
  db:
    image: postgres:16-alpine
    restart: unless-stopped
    volumes:
      - db-data:/var/lib/postgresql/data
    healthcheck:
      <<: *healthcheck
      test: ["CMD-SHELL", "pg_isready -U \\"$\${POSTGRES_USER}\\""]

  app:
    build: .
    image: petstore:latest
    restart: unless-stopped
    env_file: .env
    ports:
      - "127.0.0.1:8080:5000/tcp"
    depends_on:
      db:
        condition: service_healthy
    healthcheck:
      <<: *healthcheck
      test: ["CMD-SHELL", "curl -fsS http://localhost:5000/health || exit 1"]

  db-backup:
    image: postgres:16-alpine
    entrypoint: ["/bin/sh", "-c"]
    command:
      - 'while true; do sh /usr/local/bin/backup-db.sh; sleep 86400; done'

volumes:
  db-data:
`;

describe('Docker Compose', () => {
  it('reads each service as a unit; the service is the one that builds its image, not the database', () => {
    // The file shows every service's facts, the database's health check among them...
    expect(facts('docker-compose.yml', BASELINE)).toEqual({
      platform: ['docker-compose'],
      healthCheck: [true],
      containerized: [true],
      healthEndpoint: ['/health'],
      port: [5000],
      backup: [true],
    });
    // ...and the service's evidence is its own unit's: PostgreSQL is named, not counted.
    const { values, thirdParty } = serviceEvidence(
      recognizeFile({ path: 'docker-compose.yml', text: BASELINE }),
      { subpath: '', deployPaths: [] },
      { name: 'petstore' },
    );
    expect(values.healthEndpoint).toMatchObject({ value: '/health' });
    expect(values.healthCheck).toBeUndefined();
    expect(values.port).toMatchObject({ value: 5000 });
    expect(values.backup).toMatchObject({ value: true });
    expect(thirdParty).toEqual(['postgres']);
  });

  it('reads health checks written as a shell string without a scheme', () => {
    const compose = `
services:
  web:
    image: ghcr.io/acme/web:2
    expose: ["3000"]
    healthcheck:
      test: curl -f localhost:3000/api/healthz
`;
    expect(facts('compose.yaml', compose)).toEqual({
      platform: ['docker-compose'],
      healthEndpoint: ['/api/healthz'],
      port: [3000],
    });
  });

  it('reads the long port syntax and skips disabled health checks', () => {
    const compose = `
services:
  api:
    build: { context: ., dockerfile: api.Dockerfile }
    ports:
      - target: 8000
        published: 80
    healthcheck:
      disable: true
      test: ["CMD", "curl", "http://localhost:8000/health"]
`;
    const found = facts('docker-compose.prod.yml', compose);
    expect(found.port).toEqual([8000]);
    expect(found.healthEndpoint).toBeUndefined();
  });

  it('counts deploy.replicas as Compose, which docker compose honours too', () => {
    const compose = `
services:
  app:
    image: app:1
    deploy:
      replicas: 2
      resources: { limits: { cpus: "0.5", memory: 512M } }
`;
    expect(facts('docker-compose.yml', compose).platform).toEqual([
      'docker-compose',
    ]);
  });

  it('needs a Compose file name and services', () => {
    expect(observe('config/services.yaml', BASELINE)).toEqual([]);
    expect(observe('docker-compose.yml', 'version: "3.8"\n')).toEqual([]);
  });
});

describe('Docker Swarm', () => {
  it('reads keys only Swarm acts on', () => {
    const stack = `
services:
  app:
    image: registry.example.com/petstore:1.4.2
    deploy:
      replicas: 3
      placement:
        constraints: [node.role == worker]
      update_config: { parallelism: 1, delay: 10s }
`;
    const [platform] = observe('docker-compose.yml', stack);
    expect(platform).toMatchObject({
      key: 'platform',
      value: 'docker-swarm',
      reason: "a Compose file with Swarm's deploy.placement",
    });
  });

  it('reads global services and overlay networks', () => {
    const global =
      'services:\n  agent:\n    image: agent:1\n    deploy: { mode: global }\n';
    const overlay =
      'services:\n  app:\n    image: app:1\nnetworks:\n  backend:\n    driver: overlay\n';
    expect(facts('compose.yaml', global).platform).toEqual(['docker-swarm']);
    expect(facts('compose.yaml', overlay).platform).toEqual(['docker-swarm']);
  });

  it('reads a stack file by its name', () => {
    expect(
      facts('deploy/docker-stack.yml', 'services:\n  app:\n    image: app:1\n'),
    ).toEqual({
      platform: ['docker-swarm'],
    });
  });
});
