/**
 * ESS `Concur-Signature`: RSA-PSS, SHA-256, MGF1-SHA-256, maximum salt length, base64, over the
 * raw request body (community-verified; SAP documents only that a signature and key exist).
 */
import { constants, createPublicKey, verify, type KeyObject } from 'crypto';

const PEM_BLOCK = /-----BEGIN (?:RSA )?PUBLIC KEY-----[\s\S]*?-----END (?:RSA )?PUBLIC KEY-----/g;
const SHA256_BYTES = 32;

export class PublicKeyConfigError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'PublicKeyConfigError';
	}
}

/**
 * Every PEM public key found in `text` (keys rotate, so several may be configured). No key, or a
 * block that is not a usable RSA public key, is a configuration error: events cannot be verified.
 */
export function parsePublicKeys(text: string): KeyObject[] {
	const blocks = text.match(PEM_BLOCK) ?? [];
	if (!blocks.length) throw new PublicKeyConfigError('No PEM public key ("-----BEGIN PUBLIC KEY-----") is configured in "Public Keys (PEM)", so no SAP Concur event can be verified.');
	return blocks.map((pem, index) => {
		const key = rsaPublicKey(pem);
		if (typeof key === 'string') {
			throw new PublicKeyConfigError(`Public key ${index + 1} in "Public Keys (PEM)" is not a usable RSA public key (${key}). Paste SAP Concur's ESS signing key exactly as published.`);
		}
		return key;
	});
}

/** The key, or why it cannot be used. */
function rsaPublicKey(pem: string): KeyObject | string {
	try {
		const key = createPublicKey(pem);
		return key.asymmetricKeyType === 'rsa' ? key : `a ${key.asymmetricKeyType ?? 'non-RSA'} key`;
	} catch (error) {
		return (error as Error).message;
	}
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
