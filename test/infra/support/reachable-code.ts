import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const PROJECT_ROOT = path.join(__dirname, '..', '..', '..');
const LAMBDAS = path.join(PROJECT_ROOT, 'lambdas');

/** What one handler's code can reach, following references from its `handler` export. */
export interface ReachableCode {
  /** IAM actions of the AWS SDK commands the code constructs, e.g. `rekognition:ListFaces`. */
  readonly actions: ReadonlySet<string>;
  /** Project functions and constants referenced, as `lambdas/core/observability.ts#hashSubjectId`. */
  readonly symbols: ReadonlySet<string>;
}

/** SDK package -> IAM service prefix. A command from any other package fails the scan until it is listed here. */
const SERVICE_PREFIX: Record<string, string> = {
  'client-rekognition': 'rekognition',
  'client-sfn': 'states',
  'client-eventbridge': 'events',
  'client-dynamodb': 'dynamodb',
  'lib-dynamodb': 'dynamodb',
  'client-kms': 'kms',
};

/** The document client's commands are named after the item, not the API operation they call. */
const DOCUMENT_CLIENT_ACTIONS: Record<string, string> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  Query: 'Query',
  Scan: 'Scan',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactGet: 'TransactGetItems',
  TransactWrite: 'TransactWriteItems',
};

/**
 * Aggregated clients (`new Rekognition().listFaces()`) call operations by method name, which the scan cannot see:
 * it refuses them rather than pass them.
 */
const AGGREGATED_CLIENTS = new Set(['Rekognition', 'SFN', 'EventBridge', 'DynamoDB', 'DynamoDBDocument']);

/**
 * Scans handlers with the TypeScript checker over the project's own files (the SDK's typings are not loaded, which
 * keeps the scan under a second): starting from `export const handler`, every identifier is resolved to its
 * declaration; project declarations are walked in turn (whole top-level statements: a referenced class brings all
 * its methods), and names imported from `@aws-sdk/*` are recorded when they are commands or paginators. So a command
 * a module imports but the handler never reaches does not count, and one reached through any chain of imports,
 * re-exports or injected helpers does.
 */
export function scanHandlers(handlers: readonly string[]): Map<string, ReachableCode> {
  const program = ts.createProgram(sourceFiles(LAMBDAS), {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    noResolve: true,
    noLib: true,
    types: [],
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  return new Map(
    handlers.map((handler) => {
      const file = path.join(LAMBDAS, handler, 'index.ts');
      const source = program.getSourceFile(file);
      if (source === undefined) throw new Error(`cannot read ${file}`);
      return [handler, scanFrom(source, checker)];
    }),
  );
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function scanFrom(source: ts.SourceFile, checker: ts.TypeChecker): ReachableCode {
  const actions = new Set<string>();
  const symbols = new Set<string>();
  const queued = new Set<ts.Node>();
  const queue: ts.Node[] = [];
  const visitedFiles = new Set<ts.SourceFile>();
  const enqueue = (node: ts.Node) => {
    if (queued.has(node)) return;
    queued.add(node);
    queue.push(node);
  };
  const enterFile = (file: ts.SourceFile) => {
    if (visitedFiles.has(file)) return;
    visitedFiles.add(file);
    // Module-level code that runs on import, whether or not anything is referenced.
    for (const statement of file.statements) if (ts.isExpressionStatement(statement)) enqueue(statement);
  };

  const entry = source.statements.find(
    (s) => ts.isVariableStatement(s) && s.declarationList.declarations.some((d) => d.name.getText() === 'handler'),
  );
  if (entry === undefined) throw new Error(`${source.fileName} has no handler export`);
  enterFile(source);
  enqueue(entry);

  const resolve = (identifier: ts.Identifier): void => {
    let symbol = checker.getSymbolAtLocation(identifier);
    // Follow imports and re-exports one step at a time, stopping at the first that names an SDK package.
    while (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias) {
      const sdk = sdkImport(symbol.declarations?.[0]);
      if (sdk !== undefined) {
        recordSdkName(sdk.pkg, sdk.name, actions);
        return;
      }
      symbol = checker.getImmediateAliasedSymbol(symbol);
    }
    for (const declaration of symbol?.declarations ?? []) {
      const file = declaration.getSourceFile();
      if (!file.fileName.startsWith(LAMBDAS)) continue;
      const statement = topLevelStatement(declaration);
      if (statement === undefined || isTypeOnly(statement)) continue;
      symbols.add(`${path.relative(PROJECT_ROOT, file.fileName).split(path.sep).join('/')}#${symbol?.getName()}`);
      enterFile(file);
      enqueue(statement);
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) resolve(node);
    // Code loaded at run time by name is invisible to the scan: refuse it rather than pass it.
    if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require'))
    ) {
      throw new Error(`${node.getSourceFile().fileName}: dynamic import or require cannot be scanned`);
    }
    ts.forEachChild(node, visit);
  };

  for (let node = queue.shift(); node !== undefined; node = queue.shift()) visit(node);
  return { actions, symbols };
}

/** The SDK package and exported name an import or re-export specifier points at, if it points into `@aws-sdk/`. */
function sdkImport(declaration: ts.Declaration | undefined): { pkg: string; name: string } | undefined {
  if (declaration === undefined) return undefined;
  let node: ts.Node = declaration;
  while (!ts.isImportDeclaration(node) && !ts.isExportDeclaration(node) && node.parent !== undefined) {
    node = node.parent;
  }
  const specifier = (node as ts.ImportDeclaration | ts.ExportDeclaration).moduleSpecifier;
  if (specifier === undefined || !ts.isStringLiteral(specifier)) return undefined;
  const sdk = /^@aws-sdk\/([^/]+)/.exec(specifier.text);
  if (sdk === null) return undefined;
  if (ts.isNamespaceImport(declaration) || ts.isImportClause(declaration)) {
    throw new Error(`${specifier.text}: import commands by name, so the scan can see which ones are used`);
  }
  const named = declaration as ts.ImportSpecifier | ts.ExportSpecifier;
  return { pkg: sdk[1]!, name: (named.propertyName ?? named.name).getText() };
}

function recordSdkName(pkg: string, name: string, actions: Set<string>): void {
  if (AGGREGATED_CLIENTS.has(name)) {
    throw new Error(`${name} (@aws-sdk/${pkg}) is an aggregated client: use the bare client and commands`);
  }
  const command = /^(\w+)Command$/.exec(name) ?? /^paginate(\w+)$/.exec(name);
  if (command === null) return; // a client, an error class, a type
  const prefix = SERVICE_PREFIX[pkg];
  if (prefix === undefined) throw new Error(`${name} comes from @aws-sdk/${pkg}: add its IAM prefix to the scan`);
  const operation = pkg === 'lib-dynamodb' ? DOCUMENT_CLIENT_ACTIONS[command[1]!] : command[1]!;
  if (operation === undefined) throw new Error(`${name}: add its DynamoDB action to the scan`);
  actions.add(`${prefix}:${operation}`);
}

function topLevelStatement(node: ts.Node): ts.Statement | undefined {
  let current: ts.Node = node;
  while (current.parent !== undefined && !ts.isSourceFile(current.parent)) current = current.parent;
  return current.parent === undefined ? undefined : (current as ts.Statement);
}

function isTypeOnly(statement: ts.Statement): boolean {
  return (
    ts.isInterfaceDeclaration(statement) ||
    ts.isTypeAliasDeclaration(statement) ||
    ts.isImportDeclaration(statement) ||
    ts.isExportDeclaration(statement)
  );
}
