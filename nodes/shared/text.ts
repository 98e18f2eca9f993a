/**
 * Texts that go to IFS: control characters (incl. line breaks and tabs, which become spaces) and
 * bidirectional overrides (which can make a text read differently than it is stored) are removed,
 * runs of whitespace are collapsed, and the result is cut by code points, so an emoji or another
 * non-BMP character is never split in half.
 */

// C0/C1 controls (Unicode category Cc), and the bidi embeddings/overrides/isolates and marks of Unicode TR9
const CONTROL = /\p{Cc}/gu;
const BIDI = /[\u200E\u200F\u202A-\u202E\u2066-\u2069\u061C]/g;

export function cleanText(text: string, maxLength: number): string {
	const cleaned = text.replace(CONTROL, ' ').replace(BIDI, '').replace(/\s+/g, ' ').trim();
	const codePoints = [...cleaned];
	return codePoints.length <= maxLength ? cleaned : codePoints.slice(0, maxLength).join('').trimEnd();
}

