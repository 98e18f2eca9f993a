/** Error bodies in the shape each Concur API family uses (reference §3.1). */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { RouteFamily, SimResponse } from './http';

const httpStatusText = (status: number): string => `${status} - ${STATUS_CODES[status] ?? 'Error'}`;

export function oauthError(status: number, error: string, description: string, code: number, extra: Record<string, unknown> = {}): SimResponse {
	return { status, body: { error, error_description: description, code, ...extra } };
}

/** v3 `{"Error":{Message,Server-Time,Id}}`. */
export function v3Error(status: number, message: string): SimResponse {
	return { status, body: { Error: { Message: message, 'Server-Time': new Date().toISOString().replace('Z', ''), Id: randomUUID().toUpperCase() } } };
}

/** v3's other error style, plain `{"Message"}` (vendors use it for 400s). */
export const v3Message = (status: number, message: string): SimResponse => ({ status, body: { Message: message } });

export function v4ExpenseError(status: number, message: string, path: string, validationErrors: Array<{ id: string; source: string; message: string }> = []): SimResponse {
	return { status, body: { timestamp: new Date().toISOString(), httpStatus: httpStatusText(status), errorId: randomUUID(), errorMessage: message, path, validationErrors, customResponseData: {} } };
}

/** List v4 timestamps use `+00:00`. */
export function listError(status: number, id: string, message: string, path: string, validationErrors: Array<{ source: string; message: string }> = []): SimResponse {
	const timestamp = new Date().toISOString().replace('Z', '+00:00');
	return { status, body: { timestamp, httpStatus: httpStatusText(status), error: { id, message }, ...(validationErrors.length ? { validationErrors } : {}), path } };
}

/** FIS malformed-request body (undocumented; Spring default error shape). */
export function fisError(status: number, message: string, path: string): SimResponse {
	return { status, body: { timestamp: new Date().toISOString(), status, error: STATUS_CODES[status], message, path } };
}

export const purchaseRequestError = (status: number, errorCode: string, errorMessage: string): SimResponse =>
	({ status, body: { errors: [{ errorCode, errorMessage, dataPath: null }] } });

/** Gateway answer for missing/invalid/expired/misplaced bearer tokens (exact body UNVERIFIED). */
export const gatewayError = (status: number, description: string): SimResponse =>
	({ status, body: { error: status === 401 ? 'invalid_token' : 'access_denied', error_description: description } });

/** A generic error in the family's own style. */
export function familyError(family: RouteFamily, status: number, message: string, path: string): SimResponse {
	switch (family) {
		case 'oauth': return status >= 500 ? { status, text: message } : oauthError(status, 'invalid_request', message, 0);
		case 'v3': return v3Error(status, message);
		case 'v4expense': return v4ExpenseError(status, message, path);
		case 'list': return listError(status, status === 429 ? 'security.rate.limit.reached' : 'request.error', message, path);
		case 'fis': return fisError(status, message, path);
		case 'purchaserequest': return purchaseRequestError(status, status === 404 ? 'notFound' : 'error', message);
		default: return { status, body: { message } };
	}
}
