/** A small OData expression tokenizer used to prove that escaped literals stay single tokens. */
export interface Token {
	kind: 'string' | 'enum' | 'number' | 'word' | 'punct';
	text: string;
	/** Decoded value of a string / enum literal. */
	value?: string;
}

const TOKEN =
	/\s*(?:(?<enum>[A-Za-z_][\w.]*'(?:[^']|'')*')|(?<string>'(?:[^']|'')*')|(?<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(?<word>[A-Za-z_][\w/]*)|(?<punct>[(),=]))/y;

export function tokenize(expression: string): Token[] {
	const tokens: Token[] = [];
	TOKEN.lastIndex = 0;
	while (TOKEN.lastIndex < expression.length) {
		const start = TOKEN.lastIndex;
		const match = TOKEN.exec(expression);
		if (!match?.groups) throw new Error(`Cannot tokenize at ${start}: ${expression.slice(start)}`);
		const [kind, text] = Object.entries(match.groups).find(([, text]) => text !== undefined)! as [Token['kind'], string];
		const quoted = /'((?:[^']|'')*)'$/.exec(text);
		tokens.push(kind === 'string' || kind === 'enum' ? { kind, text, value: quoted![1].replace(/''/g, "'") } : { kind, text });
	}
	return tokens;
}
