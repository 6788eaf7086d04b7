// .dockerignore semantics (moby's patternmatcher): patterns are relative to
// the context root, `**` spans directories, a pattern that matches a directory
// excludes everything in it, `!` re-includes, and the last match wins.

interface Pattern {
  negated: boolean;
  regex: RegExp;
}

export interface DockerIgnore {
  patterns: Pattern[];
}

export function parseDockerIgnore(text: string): DockerIgnore {
  const patterns: Pattern[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    if (negated) line = line.slice(1).trim();
    line = line.replace(/^\/+/, '').replace(/\/+$/, '');
    if (line === '' || line === '.') continue;
    patterns.push({ negated, regex: globToRegExp(line) });
  }
  return { patterns };
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index] ?? '';
    if (char === '*' && glob[index + 1] === '*') {
      const slashAfter = glob[index + 2] === '/';
      source += slashAfter ? '(?:.*/)?' : '.*';
      index += slashAfter ? 2 : 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

// True when `path` (relative to the context) does not reach the build.
export function isIgnored(ignore: DockerIgnore, path: string): boolean {
  const parts = path.replace(/^\.?\/+/, '').split('/');
  const prefixes = parts.map((_, index) => parts.slice(0, index + 1).join('/'));
  let ignored = false;
  for (const pattern of ignore.patterns) {
    if (prefixes.some((prefix) => pattern.regex.test(prefix))) ignored = !pattern.negated;
  }
  return ignored;
}
