/*
 * A loopback npm registry for the packages under test, as an adopter's yarn meets them on
 * npmjs once they are published: `GET /<name>` answers the packument (every version's packed
 * manifest, dist-tags, the tarball's URL and integrity), `GET /<name>/-/<file>.tgz` the
 * tarball. Only the packages it was given: everything else comes from the real registry (the
 * app's yarn is pointed here for the `@scaling-advisor` scope alone).
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

/**
 * @param {Map<string, { file: string, manifest: Record<string, any> }>} tarballs
 * @returns {Promise<{ url: string, requests: string[], close: () => Promise<void> }>}
 */
async function startRegistry(tarballs) {
  const requests = [];
  const byName = new Map();
  for (const [name, t] of tarballs) {
    const bytes = fs.readFileSync(t.file);
    byName.set(name, {
      ...t,
      bytes,
      integrity: `sha512-${crypto.createHash('sha512').update(bytes).digest('base64')}`,
      shasum: crypto.createHash('sha1').update(bytes).digest('hex'),
    });
  }
  let base = '';
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(`${req.method} ${url}`);
    const tarballAt = url.indexOf('/-/');
    const name = (tarballAt >= 0 ? url.slice(0, tarballAt) : url).slice(1);
    const pkg = byName.get(name);
    if (!pkg || req.method !== 'GET') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'Not found' }));
      return;
    }
    if (tarballAt >= 0) {
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': pkg.bytes.length,
      });
      res.end(pkg.bytes);
      return;
    }
    const { version } = pkg.manifest;
    const published = fs.statSync(pkg.file).mtime.toISOString();
    const body = {
      _id: name,
      name,
      'dist-tags': { latest: version },
      versions: {
        [version]: {
          ...pkg.manifest,
          _id: `${name}@${version}`,
          dist: {
            tarball: `${base}/${name}/-/${path.basename(pkg.file)}`,
            integrity: pkg.integrity,
            shasum: pkg.shasum,
          },
        },
      },
      time: { created: published, modified: published, [version]: published },
    };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
  return {
    url: base,
    requests,
    close: () => new Promise(resolve => server.close(() => resolve())),
  };
}

module.exports = { startRegistry };
