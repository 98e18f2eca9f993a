/**
 * ESS `Concur-Signature`: RSA-PSS, SHA-256, MGF1-SHA-256, maximum salt length, base64, over the
 * raw request body (community-verified; SAP documents only that a signature and key exist).
 */
import { constants, createPublicKey, verify, type KeyObject } from 'crypto';

const PEM_BLOCK = /-----BEGIN (?:RSA )?PUBLIC KEY-----[\s\S]*?-----END (?:RSA )?PUBLIC KEY-----/g;
const SHA256_BYTES = 32;

/** Every PEM public key found in `text` (keys rotate, so several may be configured). */
export function parsePublicKeys(text: string): KeyObject[] {
	return (text.match(PEM_BLOCK) ?? []).map((pem) => createPublicKey(pem));
}

export function isValidConcurSignature(rawBody: Buffer, signature: string | undefined, keys: KeyObject[]): boolean {
	if (!signature || !/^[A-Za-z0-9+/=\s]+$/.test(signature)) return false;
	const signatureBytes = Buffer.from(signature.trim(), 'base64');
	return keys.some((key) => {
		try {
			return verify('sha256', rawBody, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: maxSaltLength(key) }, signatureBytes);
		} catch {
			return false;
		}
	});
}

/** emLen − hLen − 2, the salt length of PSS "max" signatures. */
function maxSaltLength(key: KeyObject): number {
	const modulusBits = key.asymmetricKeyDetails?.modulusLength ?? 2048;
	return Math.ceil((modulusBits - 1) / 8) - SHA256_BYTES - 2;
}
