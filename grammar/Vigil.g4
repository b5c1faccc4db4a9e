// Vigil.g4: the grammar of vigil's device-modelling language.
//
// Input: one .vgl source file. Output (after antlr-ng): a lexer and parser in src/parse/generated/,
// never edited by hand. The parser folder (src/parse) turns the parse tree into vigil's own AST
// (src/ast); no ANTLR context leaves that folder.
//
// Design rules:
// - Keywords are lower case. Units (us ms s Hz kHz MHz) are reserved words and may only follow a
//   number literal: `320 ms`, `1.5 ms`, `16 MHz`.
// - Semicolons between statements are optional.
// - Task clauses may come in any order; the checker says which are missing or repeated.
// - The lexer never fails: an unknown character becomes an ERROR_CHAR token that the parser reports.
grammar Vigil;

// ---------------------------------------------------------------- file structure

file
    : importDecl* deviceHeader? decl* EOF
    ;

importDecl
    : IMPORT STRING SEMI?
    ;

deviceHeader
    : DEVICE name=ID headerClause*
    ;

headerClause
    : TARGET targetName AT expr          # targetClause
    | TICK expr                          # tickClause
    ;

targetName
    : ID (MINUS (ID | INT))*
    ;

decl
    : domainDecl
    | levelsDecl
    | constDecl
    | enumDecl
    | typeDecl
    | inputDecl
    | outputDecl
    | stateDecl
    | assumeDecl
    | taskDecl
    | propertyDecl
    ;

// `confidentiality levels public < clinical < patient` (optional; default: public < patient)
levelsDecl
    : CONFIDENTIALITY LEVELS ID (LT ID)+ SEMI?
    ;

domainDecl
    : DOMAIN name=ID INTEGRITY integrity=ID CONFIDENTIALITY confidentiality=ID SEMI?
    ;

constDecl
    : CONST name=ID (COLON type)? ASSIGN expr SEMI?
    ;

enumDecl
    : ENUM name=ID LBRACE ID (COMMA ID)* COMMA? RBRACE
    ;

typeDecl
    : TYPE name=ID ASSIGN type SEMI?
    ;

inputDecl
    : INPUT name=ID COLON type IN domain=ID SEMI?
    ;

outputDecl
    : OUTPUT name=ID COLON type (ASSIGN expr)? IN domain=ID SEMI?
    ;

stateDecl
    : STATE name=ID COLON type ASSIGN expr IN domain=ID SEMI?
    ;

assumeDecl
    : ASSUME (name=ID COLON)? expr SEMI?
    ;

taskDecl
    : TASK name=ID taskClause* block
    ;

taskClause
    : EVERY expr
    | OFFSET expr
    | ON IRQ irq=ID
    | MIN_INTERARRIVAL expr
    | DEADLINE expr
    | PRIORITY expr
    | IN domain=ID
    ;

propertyDecl
    : PROPERTY name=ID COLON propertyBody SEMI?
    ;

propertyBody
    : ALWAYS expr (LEADS_TO expr WITHIN expr)?                        # alwaysProperty
    | NONINTERFERENCE from=ID ARROW to=ID (EXCEPT exceptKind)?        # niProperty
    | SCHEDULABLE                                                     # schedulableProperty
    | WCET LPAREN task=ID RPAREN LE expr                              # wcetProperty
    ;

exceptKind
    : ENDORSE
    | DECLASSIFY
    ;

// ---------------------------------------------------------------- types
// `taskClause`, `type` and `stmt` are unlabelled for the same reason as `expr` (one parse-tree
// context per invocation); the AST builder tells the alternatives apart by their first token.

type
    : BOOL
    | INT_KW LBRACK lo=expr DOTDOT hi=expr RBRACK
    | TIME (LBRACK lo=expr DOTDOT hi=expr RBRACK)?
    | FREQ (LBRACK lo=expr DOTDOT hi=expr RBRACK)?
    | LBRACK type SEMI expr RBRACK
    | ID
    ;

// ---------------------------------------------------------------- statements

block
    : LBRACE stmt* RBRACE
    ;

stmt
    : place ASSIGN_OP expr SEMI?
    | LET name=ID (COLON type)? ASSIGN expr SEMI?
    | VAR name=ID COLON type ASSIGN expr SEMI?
    | ifStatement
    | MATCH expr LBRACE matchArm* RBRACE
    | FOR name=ID IN lo=expr DOTDOT hi=expr block
    | SKIP_KW SEMI?
    ;

ifStatement
    : IF expr block (ELSE (ifStatement | block))?
    ;

matchArm
    : matchPattern FAT_ARROW (block | stmt)
    ;

matchPattern
    : UNDERSCORE                       # wildcardPattern
    | qualifiedName (PIPE qualifiedName)*   # namesPattern
    ;

qualifiedName
    : ID (DOT ID)?
    ;

place
    : ID (LBRACK expr RBRACK)?
    ;

// ---------------------------------------------------------------- expressions
// Precedence, highest first (ANTLR gives earlier alternatives of a left-recursive rule higher
// precedence): postfix (index, member), primary, unary minus, multiplicative, additive, comparison,
// not, and, or, implies (right-associative), if-then-else.
// `expr` is deliberately unlabelled and holds the primary expressions inline (no `primary`,
// `literal` or `unit` rules): every labelled alternative and every extra rule costs a parse-tree
// context per token, and the AST builder (src/parse/build-expr.ts) tells the alternatives apart
// by their first tokens instead.

expr
    : expr LBRACK expr RBRACK
    | expr DOT ID
    | (INT | DECIMAL) (US | MS | S | HZ | KHZ | MHZ)?
    | TRUE
    | FALSE
    | TICK
    | ENDORSE LPAREN expr COMMA expr COMMA ELSE expr RPAREN
    | DECLASSIFY LPAREN expr (TO ID)? RPAREN
    | ID LPAREN (expr (COMMA expr)*)? RPAREN
    | ID
    | LPAREN expr RPAREN
    | LBRACK expr SEMI expr RBRACK
    | LBRACK (expr (COMMA expr)* COMMA?)? RBRACK
    | MINUS expr
    | expr (STAR | SLASH | PERCENT) expr
    | expr (PLUS | MINUS) expr
    | expr (EQ | NEQ | LT | LE | GT | GE) expr
    | NOT expr
    | expr AND expr
    | expr OR expr
    | <assoc=right> expr IMPLIES expr
    | IF expr THEN expr ELSE expr
    ;

// ---------------------------------------------------------------- lexer

IMPORT: 'import';
DEVICE: 'device';
TARGET: 'target';
AT: 'at';
TICK: 'tick';
DOMAIN: 'domain';
INTEGRITY: 'integrity';
CONFIDENTIALITY: 'confidentiality';
LEVELS: 'levels';
CONST: 'const';
ENUM: 'enum';
TYPE: 'type';
INPUT: 'input';
OUTPUT: 'output';
STATE: 'state';
ASSUME: 'assume';
TASK: 'task';
EVERY: 'every';
OFFSET: 'offset';
ON: 'on';
IRQ: 'irq';
MIN_INTERARRIVAL: 'min_interarrival';
DEADLINE: 'deadline';
PRIORITY: 'priority';
IN: 'in';
PROPERTY: 'property';
ALWAYS: 'always';
LEADS_TO: 'leads_to';
WITHIN: 'within';
NONINTERFERENCE: 'noninterference';
EXCEPT: 'except';
SCHEDULABLE: 'schedulable';
WCET: 'wcet';
ENDORSE: 'endorse';
DECLASSIFY: 'declassify';
TO: 'to';
BOOL: 'bool';
INT_KW: 'int';
TIME: 'time';
FREQ: 'freq';
LET: 'let';
VAR: 'var';
IF: 'if';
THEN: 'then';
ELSE: 'else';
MATCH: 'match';
FOR: 'for';
SKIP_KW: 'skip';
TRUE: 'true';
FALSE: 'false';
AND: 'and';
OR: 'or';
NOT: 'not';
IMPLIES: 'implies';
US: 'us';
MS: 'ms';
S: 's';
HZ: 'Hz';
KHZ: 'kHz';
MHZ: 'MHz';

ASSIGN_OP: ':=';
FAT_ARROW: '=>';
ARROW: '->';
DOTDOT: '..';
EQ: '==';
NEQ: '!=';
LE: '<=';
GE: '>=';
LT: '<';
GT: '>';
ASSIGN: '=';
PLUS: '+';
MINUS: '-';
STAR: '*';
SLASH: '/';
PERCENT: '%';
LPAREN: '(';
RPAREN: ')';
LBRACE: '{';
RBRACE: '}';
LBRACK: '[';
RBRACK: ']';
COMMA: ',';
COLON: ':';
SEMI: ';';
DOT: '.';
PIPE: '|';
UNDERSCORE: '_';

DECIMAL: [0-9] [0-9_]* '.' [0-9] [0-9_]*;
INT: '0x' [0-9a-fA-F] [0-9a-fA-F_]* | '0b' [01] [01_]* | [0-9] [0-9_]*;
ID: [a-zA-Z_] [a-zA-Z0-9_]*;
STRING: '"' (~["\\\r\n] | '\\' .)* '"';
UNTERMINATED_STRING: '"' (~["\\\r\n] | '\\' .)*;

LINE_COMMENT: '//' ~[\r\n]* -> channel(HIDDEN);
BLOCK_COMMENT: '/*' .*? '*/' -> channel(HIDDEN);
WS: [ \t\r\n\f]+ -> channel(HIDDEN);
// A `/*` never closed: the text up to EOF holds no `*/` (otherwise BLOCK_COMMENT applies; a plain
// `'/*' .*? EOF` would be the longest match for every block comment and swallow the file).
UNTERMINATED_COMMENT: '/*' (~'*' | '*'+ ~[*/])* '*'* EOF;
ERROR_CHAR: .;
