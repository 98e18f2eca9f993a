/** Just enough EDMX reading for dropdowns and read-backs: an entity set's properties and keys. */
export interface EdmProperty {
	name: string;
	type: string;
}

const ATTRIBUTE = (name: string) => new RegExp(`\\b${name}="([^"]*)"`);

export function entityProperties(edmx: string, entitySet: string): EdmProperty[] {
	return [...(entityTypeBlock(edmx, entitySet) ?? '').matchAll(/<Property\b[^>]*>/g)].map((match) => ({
		name: ATTRIBUTE('Name').exec(match[0])?.[1] ?? '',
		type: ATTRIBUTE('Type').exec(match[0])?.[1] ?? '',
	}));
}

/** The key attributes of the entity set's type (`<Key><PropertyRef Name=…/>`). */
export function entityKeys(edmx: string, entitySet: string): string[] {
	const key = /<Key>([\s\S]*?)<\/Key>/.exec(entityTypeBlock(edmx, entitySet) ?? '')?.[1] ?? '';
	return [...key.matchAll(/<PropertyRef\b[^>]*>/g)].map((match) => ATTRIBUTE('Name').exec(match[0])?.[1] ?? '').filter(Boolean);
}

function entityTypeBlock(edmx: string, entitySet: string): string | undefined {
	const set = [...edmx.matchAll(/<EntitySet\b[^>]*>/g)].map((match) => match[0]).find((tag) => ATTRIBUTE('Name').exec(tag)?.[1] === entitySet);
	const qualifiedType = set ? ATTRIBUTE('EntityType').exec(set)?.[1] : undefined;
	if (!qualifiedType) return undefined;
	const typeName = qualifiedType.split('.').pop();
	return [...edmx.matchAll(/<EntityType\b[^>]*>[\s\S]*?<\/EntityType>/g)]
		.map((match) => match[0])
		.find((block) => ATTRIBUTE('Name').exec(block.slice(0, block.indexOf('>')))?.[1] === typeName);
}
