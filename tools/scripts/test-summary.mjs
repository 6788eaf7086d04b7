// Prints `tests: N passed, M failed` from the result files that every Jest
// project writes (tools/jest/result-file-reporter.cjs). A project with tests
// whose file is missing never ran: it counts as a failure; other checks'
// result files count as they say. Exits 1 unless
// everything ran and passed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const resultsDir = join(root, 'tmp/test-results');

function jestProjects() {
  const names = [];
  for (const group of ['apps', 'libs', 'tools']) {
    for (const dir of readdirSync(join(root, group))) {
      const projectDir = join(root, group, dir);
      if (!existsSync(join(projectDir, 'project.json'))) continue;
      // jest.config.cts, and the extra runs such as jest.cluster.config.cts.
      for (const file of readdirSync(projectDir).filter((name) => /^jest(\.[\w-]+)?\.config\.cts$/.test(name))) {
        const match = /displayName:\s*'([^']+)'/.exec(readFileSync(join(projectDir, file), 'utf8'));
        if (match) names.push(match[1]);
      }
    }
  }
  return names;
}

let passed = 0;
let failed = 0;
for (const project of jestProjects()) {
  const file = join(resultsDir, `${project}.json`);
  if (!existsSync(file)) {
    console.log(`${project}: did not run`);
    failed += 1;
    continue;
  }
  const result = JSON.parse(readFileSync(file, 'utf8'));
  console.log(`${project}: ${result.passed} passed, ${result.failed} failed`);
  passed += result.passed;
  failed += result.failed;
}
// Checks that are not Jest projects (.ci/run's compose smoke run) write a
// result file of the same shape; counted when they ran.
const jest = new Set(jestProjects().map((project) => `${project}.json`));
for (const file of existsSync(resultsDir) ? readdirSync(resultsDir).filter((name) => name.endsWith('.json')) : []) {
  if (jest.has(file)) continue;
  const result = JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
  console.log(`${file.replace(/\.json$/, '')}: ${result.passed} passed, ${result.failed} failed`);
  passed += result.passed;
  failed += result.failed;
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
