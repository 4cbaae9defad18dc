/*
 * The root README's install section, read as commands: the consumer test runs what it says,
 * so a wrong README fails the test.
 */
const YAML = require('yaml');

const SECTION = '## Installing into an existing Backstage app';

/** The install section's text, up to the next `## ` heading. */
function installSection(readme) {
  const start = readme.indexOf(SECTION);
  if (start < 0) throw new Error(`The README has no "${SECTION}" section`);
  const end = readme.indexOf('\n## ', start + SECTION.length);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** The fenced code blocks of a text, with their language. */
function codeBlocks(text) {
  return [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)].map(m => ({
    lang: m[1],
    code: m[2],
  }));
}

/** Every `yarn …` command of the section's shell blocks, as argv, in order. */
function yarnCommands(section) {
  return codeBlocks(section)
    .filter(b => b.lang === 'sh')
    .flatMap(b => b.code.replace(/\\\n\s*/g, ' ').split('\n'))
    .map(line => line.replace(/\s+#.*$/, '').trim())
    .filter(line => line.startsWith('yarn '))
    .map(line => line.split(/\s+/).slice(1));
}

/** The packages the section's TypeScript blocks add to the backend, once each, in order. */
function backendFeatures(section) {
  const code = codeBlocks(section)
    .filter(b => b.lang === 'ts')
    .map(b =>
      b.code
        .split('\n')
        .filter(line => !line.trim().startsWith('//'))
        .join('\n'),
    )
    .join('\n');
  const found = [
    ...code.matchAll(/backend\.add\(\s*import\(\s*'([^']+)'\s*\)\s*,?\s*\)/g),
  ].map(m => m[1]);
  return [...new Set(found)];
}

/** The section's YAML blocks: the config an adopter adds. */
function configBlocks(section) {
  return codeBlocks(section)
    .filter(b => b.lang === 'yaml')
    .map(b => YAML.parse(b.code));
}

/** The README's own account of what an app on the newest packages gets (its bullet list). */
function newestNote(readme) {
  const heading = '### What an app on the newest packages gets';
  const start = readme.indexOf(heading);
  if (start < 0) return [];
  const end = readme.indexOf('\n#', start + heading.length);
  return readme
    .slice(start, end < 0 ? undefined : end)
    .split('\n')
    .filter(l => l.startsWith('- `@backstage/'))
    .map(l => /`(@backstage\/[^`]+)`/.exec(l)[1]);
}

module.exports = {
  installSection,
  yarnCommands,
  backendFeatures,
  configBlocks,
  newestNote,
};
