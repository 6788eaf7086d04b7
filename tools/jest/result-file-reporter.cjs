// Writes one project's test counts to tmp/test-results/<project>.json, so
// .ci/run can print `tests: N passed, M failed` from the real results. A suite
// that could not run at all (a syntax error, a failing beforeAll) counts as
// one failure, so it cannot vanish from the total.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

class ResultFileReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(contexts, results) {
    const [context] = [...contexts];
    const name = (context && context.config.displayName && context.config.displayName.name) || 'unknown';
    const brokenSuites = results.testResults.filter(
      (suite) => suite.testExecError || (suite.failureMessage && suite.numFailingTests === 0),
    ).length;
    const dir = join(__dirname, '../../tmp/test-results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, `${name}.json`),
      JSON.stringify({
        project: name,
        passed: results.numPassedTests,
        failed: results.numFailedTests + brokenSuites,
        skipped: results.numPendingTests + results.numTodoTests,
      }),
    );
  }
}

module.exports = ResultFileReporter;
