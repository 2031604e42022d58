// The JavaScript version of a TypeScript docs snippet: the same source with its types removed and nothing else
// changed — comments, blank lines and layout stay — so the two tabs of a snippet on the site read alike. Used by
// the site (docs/.vitepress/config.ts shows both) and by docs/snippets.test.ts, which runs both versions.
import ts from 'typescript';

/** Expressions that need no parentheses once a type assertion around them is gone: `(x[i] as number)` → `x[i]`. */
function isSimple(node) {
  return (
    ts.isIdentifier(node) ||
    ts.isPropertyAccessExpression(node) ||
    ts.isElementAccessExpression(node) ||
    ts.isCallExpression(node) ||
    ts.isParenthesizedExpression(node) ||
    ts.isArrayLiteralExpression(node) ||
    ts.isLiteralExpression(node) ||
    node.kind === ts.SyntaxKind.ThisKeyword ||
    (ts.isAsExpression(node) && isSimple(node.expression)) ||
    (ts.isNonNullExpression(node) && isSimple(node.expression))
  );
}

/**
 * Removes the TypeScript of a module: type-only imports and exports, interfaces and type aliases, type annotations
 * (`: T`), assertions (`as T`, `as const`, `satisfies T`, `x!`), type arguments and type parameters.
 * @param {string} source TypeScript
 * @param {string} [fileName] for messages
 * @returns {string} JavaScript
 */
export function stripTypes(source, fileName = 'snippet.ts') {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  /** @type {{ start: number, end: number, text: string }[]} */
  const edits = [];
  const remove = (start, end, text = '') => edits.push({ start, end, text });
  /** Removes a whole statement with its line. */
  const removeStatement = (node) => {
    let end = node.end;
    while (source[end] === ' ' || source[end] === '\t') end += 1;
    if (source[end] === '\n') end += 1;
    remove(node.getFullStart() + (source.slice(node.getFullStart(), node.getStart()).lastIndexOf('\n') + 1), end);
  };
  /** Removes `: Type` (with the colon, and a `?` before it is kept only where JavaScript allows none — never). */
  const removeAnnotation = (type) => {
    const colon = source.lastIndexOf(':', type.getStart());
    remove(colon, type.end);
  };
  const visit = (node) => {
    if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return removeStatement(node);
    if (ts.isImportDeclaration(node) && node.importClause?.isTypeOnly) return removeStatement(node);
    if (ts.isExportDeclaration(node) && node.isTypeOnly) return removeStatement(node);
    if (ts.isImportSpecifier(node) && node.isTypeOnly) {
      const after = source.slice(node.end).match(/^\s*,\s*/);
      return remove(node.getStart(), node.end + (after ? after[0].length : 0));
    }
    if (
      (ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) &&
      !ts.isAsExpression(node.parent) &&
      !ts.isSatisfiesExpression(node.parent)
    ) {
      // Innermost expression of a chain `x as unknown as T`.
      let inner = node.expression;
      while (ts.isAsExpression(inner) || ts.isSatisfiesExpression(inner)) inner = inner.expression;
      const parent = node.parent;
      if (ts.isParenthesizedExpression(parent) && isSimple(inner)) {
        remove(parent.getStart(), inner.getStart());
        remove(inner.end, parent.end);
      } else {
        remove(inner.end, node.end);
      }
      visit(inner);
      return;
    }
    if (ts.isNonNullExpression(node)) {
      remove(node.expression.end, node.end);
      return visit(node.expression);
    }
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.typeArguments) {
      remove(node.typeArguments.pos - 1, node.typeArguments.end + 1);
    }
    if ((ts.isFunctionLike(node) || ts.isClassLike(node)) && node.typeParameters) {
      remove(node.typeParameters.pos - 1, node.typeParameters.end + 1);
    }
    if ((ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isPropertyDeclaration(node)) && node.type) {
      removeAnnotation(node.type);
      if (ts.isParameter(node) && node.questionToken) remove(node.questionToken.getStart(), node.questionToken.end);
      if (node.exclamationToken) remove(node.exclamationToken.getStart(), node.exclamationToken.end);
    }
    if (ts.isFunctionLike(node) && node.type) removeAnnotation(node.type);
    ts.forEachChild(node, visit);
  };
  visit(file);
  edits.sort((a, b) => b.start - a.start);
  let output = source;
  let last = Infinity;
  for (const { start, end, text } of edits) {
    if (end > last) throw new Error(`${fileName}: overlapping type removals at ${start}–${end}`);
    output = output.slice(0, start) + text + output.slice(end);
    last = start;
  }
  const javascript = ts.createSourceFile(fileName.replace(/\.ts$/, '.mjs'), output, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const errors = javascript.parseDiagnostics ?? [];
  if (errors.length > 0) {
    const message = errors.map((error) => ts.flattenDiagnosticMessageText(error.messageText, '\n')).join('; ');
    throw new Error(`${fileName}: the JavaScript version does not parse: ${message}\n${output}`);
  }
  return output;
}
