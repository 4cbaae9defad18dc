// git-url-parse ships no types; the part this module uses (the same parser Backstage's
// UrlReaders use to split a repository URL).
declare module 'git-url-parse' {
  interface GitUrl {
    source: string;
    resource: string;
    full_name: string;
    owner: string;
    name: string;
    ref: string;
    filepath: string;
    filepathtype: string;
  }
  function parseGitUrl(url: string): GitUrl;
  export default parseGitUrl;
}
