// Lint Cypher with Neo4j's own parser and semantic analysis.
// stdin: JSON {"scripts": [text, ...], "lint": true}; with "lint": false only the statement split is done.
// stdout: JSON {"results": [{"diagnostics": [...], "statements": [...]}, ...]}
// Diagnostics about parameters the text uses but does not define ($rows) are dropped:
// the driver supplies those. Everything else (errors and warnings) is reported.
import { readFileSync } from 'node:fs';
import { lintCypherQuery, isNotParamError, parseStatementsStrs } from '@neo4j-cypher/language-support';

const input = JSON.parse(readFileSync(0, 'utf8'));
const results = input.scripts.map((text) => {
  const { diagnostics } = input.lint === false ? { diagnostics: [] }
    : lintCypherQuery(text, {}, { consoleCommandsEnabled: true });
  return {
    diagnostics: diagnostics.filter(isNotParamError).map((d) => ({
      severity: d.severity,
      message: d.message,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      excerpt: text.slice(Math.max(0, d.offsets.start - 40), d.offsets.end + 40),
    })),
    statements: parseStatementsStrs(text).map((s) => s.trim()).filter((s) => s.length > 0),
  };
});
process.stdout.write(JSON.stringify({ results }));
