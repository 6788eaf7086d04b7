import * as ts from 'typescript';

// Edits of TypeScript/JavaScript sources through their syntax tree, so a
// reformatted file or a comment in the way does not break them.

function parse(fileName: string, text: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
}

// The array literal of `const <name> = [...]` (optionally typed or `as const`)
// or of a property `<name>: [...]`, wherever it is in the file.
export function findArrayLiteral(source: ts.SourceFile, name: string): ts.ArrayLiteralExpression | undefined {
  let found: ts.ArrayLiteralExpression | undefined;
  const unwrap = (node: ts.Expression | undefined): ts.Expression | undefined => {
    while (node && (ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isParenthesizedExpression(node))) {
      node = node.expression;
    }
    return node;
  };
  const visit = (node: ts.Node): void => {
    if (found) return;
    const named =
      (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name) ||
      (ts.isPropertyAssignment(node) &&
        (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) &&
        node.name.text === name);
    if (named) {
      const value = unwrap(node.initializer);
      if (value && ts.isArrayLiteralExpression(value)) {
        found = value;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

// `text` with `element` (source text) added as the last element of the array
// named `name`. Throws when the file has no such array.
export function appendToArrayLiteral(fileName: string, text: string, name: string, element: string): string {
  const source = parse(fileName, text);
  const array = findArrayLiteral(source, name);
  if (!array) throw new Error(`${fileName}: no array literal named ${name} to add to`);
  const last = array.elements.at(-1);
  const indent = last ? ' '.repeat(source.getLineAndCharacterOfPosition(last.getStart()).character) : '  ';
  if (!last) {
    const open = array.getStart() + 1;
    return `${text.slice(0, open)}\n${indent}${element},\n${text.slice(open, array.getEnd() - 1).trim()}${text.slice(array.getEnd() - 1)}`;
  }
  // After the last element and its trailing comma, if any.
  const afterLast = array.elements.hasTrailingComma ? text.indexOf(',', last.getEnd()) + 1 : last.getEnd();
  const comma = array.elements.hasTrailingComma ? '' : ',';
  return `${text.slice(0, afterLast)}${comma}\n${indent}${element},${text.slice(afterLast)}`;
}

// A literal as a value: strings, numbers, booleans, regular expressions, and
// arrays and objects of those. Anything else (a call, an identifier) is undefined.
export type Literal = string | number | boolean | RegExp | Literal[] | { [key: string]: Literal };

export function literalValue(node: ts.Expression): Literal | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (ts.isRegularExpressionLiteral(node)) {
    const slash = node.text.lastIndexOf('/');
    return new RegExp(node.text.slice(1, slash), node.text.slice(slash + 1));
  }
  if (ts.isArrayLiteralExpression(node)) {
    return node.elements.map((element) => literalValue(element)).filter((value) => value !== undefined);
  }
  if (ts.isObjectLiteralExpression(node)) {
    const object: Record<string, Literal> = {};
    for (const property of node.properties) {
      if (!ts.isPropertyAssignment(property)) continue;
      if (!ts.isIdentifier(property.name) && !ts.isStringLiteral(property.name)) continue;
      const value = literalValue(property.initializer);
      if (value !== undefined) object[property.name.text] = value;
    }
    return object;
  }
  return undefined;
}

// The elements of the array named `name`, as literals (see literalValue).
export function readArrayLiteral(fileName: string, text: string, name: string): Literal[] {
  const array = findArrayLiteral(parse(fileName, text), name);
  if (!array) throw new Error(`${fileName}: no array literal named ${name}`);
  return array.elements.map((element) => literalValue(element)).filter((value) => value !== undefined);
}
