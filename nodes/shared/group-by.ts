/** Values grouped by key, groups and their members in first-seen order; linear (one push per value). */
export function groupBy<T>(values: Iterable<T>, key: (value: T) => string): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const value of values) {
		const groupKey = key(value);
		const group = groups.get(groupKey);
		if (group) group.push(value);
		else groups.set(groupKey, [value]);
	}
	return groups;
}
