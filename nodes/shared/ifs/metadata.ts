/** Just enough EDMX reading for dropdowns: the properties of an entity set's entity type. */
export interface EdmProperty {
	name: string;
	type: string;
}

const ATTRIBUTE = (name: string) => new RegExp(`\\b${name}="([^"]*)"`);

export function entityProperties(edmx: string, entitySet: string): EdmProperty[] {
	const set = [...edmx.matchAll(/<EntitySet\b[^>]*>/g)].map((match) => match[0]).find((tag) => ATTRIBUTE('Name').exec(tag)?.[1] === entitySet);
	const qualifiedType = set ? ATTRIBUTE('EntityType').exec(set)?.[1] : undefined;
	if (!qualifiedType) return [];
	const typeName = qualifiedType.split('.').pop();
	const typeBlock = [...edmx.matchAll(/<EntityType\b[^>]*>[\s\S]*?<\/EntityType>/g)]
		.map((match) => match[0])
		.find((block) => ATTRIBUTE('Name').exec(block.slice(0, block.indexOf('>')))?.[1] === typeName);
	if (!typeBlock) return [];
	return [...typeBlock.matchAll(/<Property\b[^>]*>/g)].map((match) => ({
		name: ATTRIBUTE('Name').exec(match[0])?.[1] ?? '',
		type: ATTRIBUTE('Type').exec(match[0])?.[1] ?? '',
	}));
}
