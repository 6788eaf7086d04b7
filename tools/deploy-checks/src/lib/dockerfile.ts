// A small Dockerfile reader: enough of the grammar (continuations, comments,
// parser directives, exec and shell forms, flags, stages) to check our
// invariants. Heredocs are not supported and are reported as such.

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
  // The exec form (`["node", "main.js"]`), when the arguments are one.
  exec?: string[];
}

export interface Stage {
  index: number;
  name?: string;
  base: string;
  line: number;
  instructions: Instruction[];
}

export interface Dockerfile {
  // Parser directives (`# syntax=...`, `# escape=...`): only at the very top.
  directives: Record<string, string>;
  // ARGs before the first FROM: usable in FROM lines only.
  globalArgs: Instruction[];
  stages: Stage[];
  unsupported: string[];
}

export function parseDockerfile(text: string): Dockerfile {
  const dockerfile: Dockerfile = { directives: {}, globalArgs: [], stages: [], unsupported: [] };
  const lines = text.split(/\r?\n/);
  let pending = '';
  let startLine = 0;
  let inDirectives = true;
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index] ?? '';
    const trimmed = raw.trim();
    const directive = inDirectives ? /^#\s*([A-Za-z]+)\s*=\s*(\S.*)$/.exec(trimmed) : null;
    if (directive) {
      dockerfile.directives[(directive[1] ?? '').toLowerCase()] = (directive[2] ?? '').trim();
      continue;
    }
    inDirectives = false;
    // Comment lines are dropped, also inside a continuation (as Docker does).
    if (trimmed.startsWith('#') || (trimmed === '' && pending === '')) continue;
    if (pending === '') startLine = index + 1;
    if (/\\\s*$/.test(raw)) {
      pending += raw.replace(/\\\s*$/, '') + ' ';
      continue;
    }
    pending += raw;
    addInstruction(dockerfile, pending.trim(), startLine);
    pending = '';
  }
  if (pending.trim() !== '') addInstruction(dockerfile, pending.trim(), startLine);
  return dockerfile;
}

function addInstruction(dockerfile: Dockerfile, text: string, line: number): void {
  const match = /^(\S+)\s*(.*)$/s.exec(text);
  if (!match) return;
  const keyword = (match[1] ?? '').toUpperCase();
  const args = (match[2] ?? '').trim();
  if (/<<-?\s*["']?[A-Za-z_]/.test(args) && ['RUN', 'COPY', 'ADD'].includes(keyword)) {
    dockerfile.unsupported.push(`line ${line}: heredocs are not understood by this checker`);
  }
  const instruction: Instruction = { keyword, args, line, exec: parseExecForm(args) };
  if (keyword === 'FROM') {
    const words = splitWords(args).filter((word) => !word.startsWith('--'));
    const asIndex = words.findIndex((word) => word.toUpperCase() === 'AS');
    dockerfile.stages.push({
      index: dockerfile.stages.length,
      name: asIndex >= 0 ? words[asIndex + 1] : undefined,
      base: words[0] ?? '',
      line,
      instructions: [instruction],
    });
    return;
  }
  const stage = dockerfile.stages.at(-1);
  if (stage) stage.instructions.push(instruction);
  else if (keyword === 'ARG') dockerfile.globalArgs.push(instruction);
  else dockerfile.unsupported.push(`line ${line}: ${keyword} before the first FROM`);
}

function parseExecForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  try {
    const value: unknown = JSON.parse(args);
    return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
  } catch {
    return undefined;
  }
}

// Splits on whitespace, keeping quoted parts together (`B="two words"` is one
// word) and removing the quotes.
export function splitWords(text: string): string[] {
  const words = text.match(/(?:[^\s"']+|"(?:[^"\\]|\\.)*"|'[^']*')+/g) ?? [];
  return words.map((word) =>
    word.replace(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g, (_, double?: string, single?: string) => double ?? single ?? ''),
  );
}

export interface FlaggedArgs {
  flags: Record<string, string>;
  rest: string[];
}

// `--from=build --chown=node a b` -> flags {from: 'build', chown: 'node'}, rest [a, b].
export function splitFlags(instruction: Instruction): FlaggedArgs {
  const words = instruction.exec ?? splitWords(instruction.args);
  const flags: Record<string, string> = {};
  let index = 0;
  if (!instruction.exec) {
    for (; index < words.length && (words[index] ?? '').startsWith('--'); index++) {
      const [name = '', ...value] = (words[index] ?? '').slice(2).split('=');
      flags[name] = flags[name] === undefined ? value.join('=') : `${flags[name]};${value.join('=')}`;
    }
  }
  return { flags, rest: words.slice(index) };
}

// The paths a COPY/ADD reads and the one it writes.
export function copySources(instruction: Instruction): { from?: string; sources: string[]; destination: string } {
  const { flags, rest } = splitFlags(instruction);
  return { from: flags['from'], sources: rest.slice(0, -1), destination: rest.at(-1) ?? '' };
}

// `type=bind,from=build,source=/x,target=/y` -> {type: 'bind', from: 'build', ...}
export function parseMount(value: string): Record<string, string> {
  const mount: Record<string, string> = {};
  for (const part of value.split(',')) {
    const [key = '', ...rest] = part.split('=');
    mount[key] = rest.join('=');
  }
  return mount;
}

export function stageByName(dockerfile: Dockerfile, name: string): Stage | undefined {
  return dockerfile.stages.find((stage) => stage.name === name);
}

// The stage a FROM builds on, when it is another stage of the same file.
export function parentStage(dockerfile: Dockerfile, stage: Stage): Stage | undefined {
  return dockerfile.stages.find((other) => other.index < stage.index && other.name === stage.base);
}

// Commands of a stage's RUN instructions, as text.
export function runCommands(stage: Stage): Instruction[] {
  return stage.instructions.filter((instruction) => instruction.keyword === 'RUN');
}

// `KEY=value KEY2=value` or the legacy `KEY value` form.
export function declaredNames(instruction: Instruction): string[] {
  if (instruction.keyword === 'ARG') {
    return splitWords(instruction.args).map((word) => word.split('=')[0] ?? '');
  }
  if (instruction.keyword === 'ENV') {
    const words = splitWords(instruction.args);
    if (words.length > 0 && !(words[0] ?? '').includes('=')) return [words[0] ?? ''];
    return words.map((word) => word.split('=')[0] ?? '');
  }
  return [];
}

export function variableReferences(text: string): string[] {
  return [...text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1] ?? '');
}
