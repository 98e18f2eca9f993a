/** How IFS codes become SAP Concur list codes and back (Concur forbids `-` in list codes). */

/** IFS code → Concur list code (`CC-400` → `CC_400`). */
export function toConcurCode(ifsCode: string, dashSubstitute: string): string {
	return dashSubstitute ? ifsCode.split('-').join(dashSubstitute) : ifsCode;
}

/** Concur list code → IFS code (`CC_400` → `CC-400`); the inverse of toConcurCode. */
export function toIfsCode(concurCode: string, dashSubstitute: string): string {
	return dashSubstitute ? concurCode.split(dashSubstitute).join('-') : concurCode;
}
