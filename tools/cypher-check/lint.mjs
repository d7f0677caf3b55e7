// Lints named Cypher queries with Neo4j's own front end (@neo4j-cypher/language-support).
//
// stdin:  {"schema": {"labels", "relationshipTypes", "propertyKeys", ...DbSchema},
//          "queries": [{"name", "cypher", "parameters": [...]}]}
// stdout: {"ok": bool, "results": [{"name", "failed", "diagnostics": [...]}]}
// exit:   0 when every query is clean, 1 when any query has a failing diagnostic,
//         2 when the input is unusable, 3 when the check itself crashed.
//
// Every error fails, and every warning but the performance hints. See README.md for what
// this script adds to the front end's own diagnostics, and for why queries that differ only
// in label and relationship type names share one run of the front end.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const { lintCypherQuery, parserWrapper, testData, CypherParser } = require(
  '@neo4j-cypher/language-support',
);

const DEFAULT_LANGUAGE = 'CYPHER 5';
const BUILT_IN_PROCEDURE_NAMESPACES = ['db.', 'dbms.', 'tx.'];
const SEVERITY_NAMES = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
const ERROR = 1;
const WARNING = 2;
const PERFORMANCE_HINTS = [
  /^If a part of a query contains multiple disconnected patterns/,
  /^Using shortest path with an unbounded pattern/,
];
const NAME_PLACEHOLDER = 'TacitModelName';
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const NODE_PATTERN_RULES = new Set([
  'nodePattern',
  'insertNodePattern',
  'commandNodePattern',
  'fulltextNodePattern',
  'lookupIndexNodePattern',
]);
const RELATIONSHIP_PATTERN_RULES = new Set([
  'relationshipPattern',
  'insertRelationshipPattern',
  'commandRelPattern',
  'fulltextRelPattern',
  'lookupIndexRelPattern',
]);
const NODE_ONLY_LABEL_RULES = new Set(['setItem', 'removeItem']);
const LABEL_NAME_HOLDERS = new Set([
  'labelExpression1',
  'labelType',
  'relType',
  'labelOrRelType',
  'nodeLabelsIs',
  'insertNodeLabelExpression',
  'insertRelationshipLabelExpression',
  'fulltextNodePattern',
  'fulltextRelPattern',
]);
const SCHEMA_COMMAND_PROPERTY_LISTS = new Set(['propertyList', 'enclosedPropertyList']);

/** Neo4j's built-in functions and procedures, from the signatures the package ships. */
function builtInSignatures(language) {
  const functions = Object.fromEntries(
    Object.entries(testData.mockSchema.functions[language] ?? {}).filter(
      ([, signature]) => signature.isBuiltIn,
    ),
  );
  const procedures = Object.fromEntries(
    Object.entries(testData.mockSchema.procedures[language] ?? {}).filter(([name]) =>
      BUILT_IN_PROCEDURE_NAMESPACES.some((namespace) => name.startsWith(namespace)),
    ),
  );
  return { functions, procedures };
}

function completeSchema(schema) {
  const language = schema.defaultLanguage ?? DEFAULT_LANGUAGE;
  const builtIns = builtInSignatures(language);
  return {
    labels: [],
    relationshipTypes: [],
    propertyKeys: [],
    ...schema,
    defaultLanguage: language,
    functions: schema.functions ?? { [language]: builtIns.functions },
    procedures: schema.procedures ?? { [language]: builtIns.procedures },
  };
}

// ---- parse tree helpers ----

function ruleName(ctx) {
  return CypherParser.ruleNames[ctx.ruleIndex];
}

function ruleChildren(ctx) {
  return (ctx.children ?? []).filter((child) => child.ruleIndex !== undefined);
}

function firstRuleChild(ctx, name) {
  return ruleChildren(ctx).find((child) => ruleName(child) === name);
}

function* walk(root) {
  const pending = [root];
  while (pending.length > 0) {
    const ctx = pending.pop();
    yield ctx;
    pending.push(...ruleChildren(ctx));
  }
}

function unescapeName(text) {
  if (text.startsWith('`') && text.endsWith('`') && text.length >= 2) {
    return text.slice(1, -1).replaceAll('``', '`');
  }
  return text;
}

function nameOf(ctx) {
  return unescapeName(ctx.getText());
}

function offsetsOf(ctx) {
  return { start: ctx.start.start, end: (ctx.stop ?? ctx.start).stop + 1 };
}

// ---- names outside the model ----

/** Whether a label name belongs to a node, a relationship, or could be either. */
function labelKind(holder) {
  for (let ancestor = holder; ancestor; ancestor = ancestor.parentCtx) {
    const name = ruleName(ancestor);
    if (name === 'expression') return 'either';
    if (NODE_PATTERN_RULES.has(name) || NODE_ONLY_LABEL_RULES.has(name)) return 'label';
    if (RELATIONSHIP_PATTERN_RULES.has(name)) return 'relationship type';
  }
  return 'either';
}

/** Every label and relationship type name written in the statement. */
function labelNameSites(statement) {
  const sites = [];
  for (const holder of walk(statement)) {
    if (!LABEL_NAME_HOLDERS.has(ruleName(holder))) continue;
    const kind = labelKind(holder);
    for (const nameCtx of ruleChildren(holder)) {
      if (ruleName(nameCtx) !== 'symbolicNameString') continue;
      sites.push({ kind, name: nameOf(nameCtx), raw: nameCtx.getText(), offsets: offsetsOf(nameCtx) });
    }
  }
  return sites;
}

function procedureNameOf(callClause) {
  const procedureName = firstRuleChild(callClause, 'procedureName');
  if (!procedureName) return undefined;
  const namespace = firstRuleChild(procedureName, 'namespace');
  const parts = namespace ? ruleChildren(namespace).map(nameOf) : [];
  const own = firstRuleChild(procedureName, 'symbolicNameString');
  return [...parts, own ? nameOf(own) : ''].join('.');
}

/** Variables that hold a node or a relationship: pattern variables and yielded entities. */
function entityVariables(statement, procedures) {
  const names = new Set();
  for (const ctx of walk(statement)) {
    const rule = ruleName(ctx);
    if (NODE_PATTERN_RULES.has(rule) || RELATIONSHIP_PATTERN_RULES.has(rule)) {
      const variable = firstRuleChild(ctx, 'variable');
      if (variable) names.add(nameOf(variable));
    } else if (rule === 'procedureResultItem') {
      const signature = procedures[procedureNameOf(ctx.parentCtx)];
      const [yielded, alias] = ruleChildren(ctx).filter((c) => ruleName(c) === 'variable');
      const field = signature?.returnDescription?.find((f) => f.name === nameOf(yielded));
      if (field && /^(NODE|RELATIONSHIP)\b/.test(field.type)) {
        names.add(nameOf(alias ?? yielded));
      }
    }
  }
  return names;
}

function isEntityVariable(expression1, entities) {
  const children = ruleChildren(expression1);
  return (
    children.length === 1 &&
    ruleName(children[0]) === 'variable' &&
    entities.has(nameOf(children[0]))
  );
}

/** Whether a `.key` access names a property stored on a node or a relationship. */
function isEntityPropertyAccess(property, entities) {
  const holder = property.parentCtx;
  const holderRule = ruleName(holder);
  if (SCHEMA_COMMAND_PROPERTY_LISTS.has(holderRule)) return true;
  if (holderRule === 'postFix') {
    const links = ruleChildren(holder.parentCtx);
    return links[1] === holder && isEntityVariable(links[0], entities);
  }
  if (holderRule === 'propertyExpression') {
    const links = ruleChildren(holder);
    if (links[1] !== property) return false;
    const writer = ruleName(holder.parentCtx);
    return writer === 'setItem' || writer === 'removeItem' || isEntityVariable(links[0], entities);
  }
  if (holderRule === 'mapProjectionElement') {
    const projected = firstRuleChild(holder.parentCtx, 'variable');
    return projected !== undefined && entities.has(nameOf(projected));
  }
  return false;
}

/** Whether a key of a map literal is a property of the node or relationship it describes. */
function isPatternPropertyKey(map) {
  const holder = map.parentCtx;
  const holderRule = ruleName(holder);
  if (holderRule === 'insertNodePattern' || holderRule === 'insertRelationshipPattern') return true;
  if (holderRule !== 'properties') return false;
  const pattern = ruleName(holder.parentCtx);
  return NODE_PATTERN_RULES.has(pattern) || RELATIONSHIP_PATTERN_RULES.has(pattern);
}

function modelDiagnostic(offsets, message, severity = WARNING) {
  return { severity, message, source: 'model', offsets };
}

function labelDiagnostics(sites, schema) {
  const labels = new Set(schema.labels);
  const types = new Set(schema.relationshipTypes);
  return sites
    .filter(
      ({ kind, name }) =>
        !((kind !== 'relationship type' && labels.has(name)) || (kind !== 'label' && types.has(name))),
    )
    .map(({ kind, name, offsets }) => {
      const what = kind === 'either' ? 'label or relationship type' : kind;
      return modelDiagnostic(offsets, `The model has no ${what} ${name}.`);
    });
}

function propertyKeyDiagnostics(statement, schema) {
  const keys = new Set(schema.propertyKeys);
  const entities = entityVariables(statement, schema.procedures[schema.defaultLanguage] ?? {});
  const diagnostics = [];
  for (const ctx of walk(statement)) {
    if (ruleName(ctx) !== 'propertyKeyName') continue;
    const holder = ctx.parentCtx;
    const onEntity =
      ruleName(holder) === 'property'
        ? isEntityPropertyAccess(holder, entities)
        : ruleName(holder) === 'map' && isPatternPropertyKey(holder);
    const key = nameOf(ctx);
    if (onEntity && !keys.has(key)) {
      diagnostics.push(modelDiagnostic(offsetsOf(ctx), `The model has no property key ${key}.`));
    }
  }
  return diagnostics;
}

// ---- one run of the front end per name skeleton ----

/**
 * The query with every plain label and relationship type name replaced by one placeholder.
 * Neo4j's semantic analysis does not depend on these names (they are checked separately,
 * against the model), so queries generated per label from one template share a run.
 */
function nameSkeleton(cypher, sites) {
  const plain = sites
    .filter((site) => PLAIN_NAME.test(site.raw))
    .sort((a, b) => a.offsets.start - b.offsets.start);
  const substitutions = [];
  let text = '';
  let copied = 0;
  for (const site of plain) {
    if (site.offsets.start < copied) continue;
    text += cypher.slice(copied, site.offsets.start);
    substitutions.push({
      skeletonStart: text.length,
      originalStart: site.offsets.start,
      originalEnd: site.offsets.end,
    });
    text += NAME_PLACEHOLDER;
    copied = site.offsets.end;
  }
  text += cypher.slice(copied);
  return { text, substitutions };
}

function toOriginalOffset(offset, substitutions) {
  let shift = 0;
  for (const substitution of substitutions) {
    const skeletonEnd = substitution.skeletonStart + NAME_PLACEHOLDER.length;
    if (offset < substitution.skeletonStart) break;
    if (offset < skeletonEnd) return substitution.originalStart;
    shift = substitution.originalEnd - skeletonEnd;
  }
  return offset + shift;
}

function analyse(query, schema) {
  const parameters = [...new Set(query.parameters ?? [])].sort();
  const statements = parserWrapper
    .parse(query.cypher)
    .statementsParsing.filter((s) => s.command.type !== 'cypher' || s.command.statement !== '');
  const sites = statements.flatMap((s) => labelNameSites(s.ctx));
  const model = [
    ...labelDiagnostics(sites, schema),
    ...statements.flatMap((s) => propertyKeyDiagnostics(s.ctx, schema)),
  ];
  if (statements.length === 0) {
    model.push(modelDiagnostic({ start: 0, end: 0 }, 'A named query must hold a statement.', ERROR));
  }
  if (statements.length > 1) {
    model.push(
      modelDiagnostic(
        offsetsOf(statements[1].ctx),
        `A named query must be one statement; this one has ${statements.length}.`,
        ERROR,
      ),
    );
  }
  const parsesCleanly = statements.every((s) => s.syntaxErrors.length === 0);
  const skeleton = parsesCleanly
    ? nameSkeleton(query.cypher, sites)
    : { text: query.cypher, substitutions: [] };
  return { query, parameters, model, skeleton };
}

function runFrontEnd(skeletonText, parameters, schema) {
  const skeletonSchema = {
    ...schema,
    labels: [...schema.labels, NAME_PLACEHOLDER],
    relationshipTypes: [...schema.relationshipTypes, NAME_PLACEHOLDER],
    parameters: Object.fromEntries(parameters.map((name) => [name, null])),
  };
  return lintCypherQuery(skeletonText, skeletonSchema);
}

// ---- report ----

function lineStarts(text) {
  const starts = [0];
  for (let index = 0; index < text.length; index++) {
    if (text[index] === '\n') starts.push(index + 1);
  }
  return starts;
}

function position(offset, starts) {
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
  return { line: line + 1, column: offset - starts[line] + 1 };
}

function fails(diagnostic) {
  if (diagnostic.severity === ERROR) return true;
  if (diagnostic.severity !== WARNING) return false;
  return !PERFORMANCE_HINTS.some((hint) => hint.test(diagnostic.message));
}

/** The front end's message about the skeleton, with the query's own names put back. */
function restoreNames(message, offsets, substitutions, cypher) {
  if (!message.includes(NAME_PLACEHOLDER)) return message;
  const occurrences = message.split(NAME_PLACEHOLDER).length - 1;
  const at = offsets?.start ?? 0;
  const names = [...substitutions]
    .sort((a, b) => Math.abs(a.originalStart - at) - Math.abs(b.originalStart - at))
    .slice(0, occurrences)
    .sort((a, b) => a.originalStart - b.originalStart)
    .map((s) => cypher.slice(s.originalStart, s.originalEnd));
  let next = 0;
  return message.replaceAll(NAME_PLACEHOLDER, () => names[next++] ?? '<name>');
}

function alreadyReported(diagnostic, frontEndDiagnostics) {
  return frontEndDiagnostics.some(
    (other) =>
      other.offsets &&
      other.offsets.start <= diagnostic.offsets.start &&
      diagnostic.offsets.start < other.offsets.end &&
      /is not present in the database/.test(other.message),
  );
}

function report(analysis, skeletonDiagnostics) {
  const { query, skeleton, model } = analysis;
  const frontEnd = skeletonDiagnostics.map((d) => {
    const offsets = d.offsets && {
      start: toOriginalOffset(d.offsets.start, skeleton.substitutions),
      end: toOriginalOffset(d.offsets.end, skeleton.substitutions),
    };
    const message = restoreNames(d.message, offsets, skeleton.substitutions, query.cypher);
    return { ...d, message, offsets, source: 'neo4j' };
  });
  const starts = lineStarts(query.cypher);
  const diagnostics = [
    ...frontEnd,
    ...model.filter((diagnostic) => !alreadyReported(diagnostic, frontEnd)),
  ]
    .map((d) => ({
      severity: SEVERITY_NAMES[d.severity] ?? String(d.severity),
      fails: fails(d),
      message: d.message,
      source: d.source,
      ...(d.offsets
        ? position(d.offsets.start, starts)
        : { line: (d.range?.start?.line ?? 0) + 1, column: (d.range?.start?.character ?? 0) + 1 }),
    }))
    .sort((a, b) => a.line - b.line || a.column - b.column);
  return { name: query.name, failed: diagnostics.some((d) => d.fails), diagnostics };
}

function lintAll(queries, schema) {
  const analyses = queries.map((query) => analyse(query, schema));
  const frontEndRuns = new Map();
  return analyses.map((analysis) => {
    const key = JSON.stringify([analysis.skeleton.text, analysis.parameters]);
    if (!frontEndRuns.has(key)) {
      frontEndRuns.set(key, runFrontEnd(analysis.skeleton.text, analysis.parameters, schema));
    }
    return report(analysis, frontEndRuns.get(key));
  });
}

function readInput() {
  const document = JSON.parse(readFileSync(0, 'utf8'));
  if (typeof document !== 'object' || document === null) throw new Error('input is not an object');
  if (typeof document.schema !== 'object' || document.schema === null) {
    throw new Error('input has no "schema" object');
  }
  if (!Array.isArray(document.queries)) throw new Error('input has no "queries" list');
  for (const [index, query] of document.queries.entries()) {
    if (typeof query.name !== 'string' || typeof query.cypher !== 'string') {
      throw new Error(`query ${index} needs a string "name" and a string "cypher"`);
    }
    if (query.parameters !== undefined && !Array.isArray(query.parameters)) {
      throw new Error(`query ${query.name}: "parameters" must be a list of names`);
    }
  }
  return document;
}

function main() {
  let document;
  try {
    document = readInput();
  } catch (error) {
    process.stderr.write(`cypher-check: unusable input: ${error.message}\n`);
    return 2;
  }
  let results;
  try {
    results = lintAll(document.queries, completeSchema(document.schema));
  } catch (error) {
    process.stderr.write(`cypher-check: crashed: ${error.stack ?? error}\n`);
    return 3;
  }
  const ok = results.every((result) => !result.failed);
  process.stdout.write(`${JSON.stringify({ ok, results })}\n`);
  return ok ? 0 : 1;
}

process.exitCode = main();
