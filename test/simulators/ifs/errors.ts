/** IFS OData error envelope: `{error:{code,message,details:[{code,message}]}}` (reference §4.1). */

export interface ErrorDetail {
	code: string;
	message: string;
}

export class IfsError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly details: ErrorDetail[] = [],
		readonly headers: Record<string, string> = {},
	) {
		super(message);
	}

	toBody(): { error: { code: string; message: string; details?: ErrorDetail[] } } {
		const error: { code: string; message: string; details?: ErrorDetail[] } = { code: this.code, message: this.message };
		if (this.details.length > 0) error.details = this.details;
		return { error };
	}
}

/** 400 "Malformed Request." with one detail, as recorded for an unknown $filter property. */
export function malformed(detail: string): IfsError {
	return new IfsError(400, 'ODP_MALFORMED_REQUEST', 'Malformed Request.', [{ code: 'ODP_MALFORMED_REQUEST', message: detail }]);
}

export function notFound(): IfsError {
	return new IfsError(404, 'ODP_RESOURCE_NOTFOUND', 'Resource not found.');
}

export function metadataNotFound(): IfsError {
	return new IfsError(404, 'MI_METADATA_NOT_FOUND', 'Metadata not found.');
}

export function deserializationError(detail: string): IfsError {
	return new IfsError(400, 'ODP_DESERIALIZATION_ERROR', 'Error while de-serializing contents.', [
		{ code: 'ODP_DESERIALIZATION_ERROR', message: detail },
	]);
}

export function notImplemented(detail: string): IfsError {
	return new IfsError(501, 'ODP_NOT_IMPLEMENTED', 'Not implemented.', [{ code: 'ODP_NOT_IMPLEMENTED', message: detail }]);
}

export function methodNotAllowed(detail: string): IfsError {
	return new IfsError(405, 'ODP_METHOD_NOT_ALLOWED', 'Method not allowed.', [{ code: 'ODP_METHOD_NOT_ALLOWED', message: detail }]);
}

/** PL/SQL business rule → HTTP 500 DATABASE_ERROR with a single-item details array (IFS community, IFS staff). */
export function businessError(lu: string, tag: string, text: string, ora = 20110): IfsError {
	const message = `ORA-${ora}: ${lu}.${tag}: ${text}`;
	return new IfsError(500, 'DATABASE_ERROR', message, [{ code: 'DATABASE_ERROR', message }]);
}

/** ORA-20112: the record (or a unique business key) already exists. */
export function duplicateError(lu: string, tag: string, text: string): IfsError {
	return businessError(lu, tag, text, 20112);
}

/** ORA-20122: attribute not insertable / not updatable. */
export function readOnlyAttributeError(lu: string, column: string, verb: 'insertable' | 'updatable'): IfsError {
	return businessError(lu, verb === 'insertable' ? 'NOTINSERTABLE' : 'NOTUPDATABLE', `Field [${column}] is not ${verb}.`, 20122);
}
