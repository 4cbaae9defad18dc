/*
 * Health endpoints, from probes (`httpGet.path: /health`) and from health-check commands
 * (`curl -f http://localhost:5000/health || exit 1`). The path is repository text shown to
 * people, so only a short, printable one is taken.
 */

const PRINTABLE_PATH = /^\/[\x21-\x7e]{0,199}$/;

/** A probe's path, when it is a plain absolute path (not a `{{ .Values.healthPath }}`). */
export function probePath(value: unknown): string | undefined {
  return typeof value === 'string' && PRINTABLE_PATH.test(value)
    ? value
    : undefined;
}

// The path after `http(s)://host[:port]`, or after a bare `localhost:port` (`curl localhost:8080/health`).
const URL_PATH = /https?:\/\/[^\s/'"]{1,200}(\/[^\s'"|;&)<>`]*)/i;
const LOCAL_PATH =
  /(?:^|[\s'"])(?:localhost|127\.0\.0\.1|0\.0\.0\.0)(?::[\w${}]{1,100})?(\/[^\s'"|;&)<>`]*)/i;

/** The path a health-check command requests, given as a string or an exec array. */
export function commandPath(command: unknown): string | undefined {
  const line = Array.isArray(command)
    ? command.filter(part => typeof part === 'string').join(' ')
    : command;
  if (typeof line !== 'string' || line.length > 2000) return undefined;
  const match = URL_PATH.exec(line) ?? LOCAL_PATH.exec(line);
  return match ? probePath(match[1]) : undefined;
}
