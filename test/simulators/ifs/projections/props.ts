/** Shorthands for property definitions. */
import type { PropDef } from '../model';

type Extra = Omit<PropDef, 'name' | 'kind'>;

export const str = (name: string, extra: Extra = {}): PropDef => ({ name, kind: 'string', ...extra });
export const num = (name: string, extra: Extra = {}): PropDef => ({ name, kind: 'number', ...extra });
export const decimal = (name: string, extra: Extra = {}): PropDef => ({ name, kind: 'decimal', ...extra });
export const date = (name: string, extra: Extra = {}): PropDef => ({ name, kind: 'date', ...extra });
export const bool = (name: string, extra: Extra = {}): PropDef => ({ name, kind: 'boolean', ...extra });
export const enm = (name: string, enumType: string, extra: Extra = {}): PropDef => ({ name, kind: 'enum', enumType, ...extra });

/** Server-assigned or derived attribute: neither insertable nor updatable. */
export const SERVER = { insertable: false, updatable: false } as const;
/** Given on insert, fixed afterwards (keys, sites). */
export const INSERT_ONLY = { updatable: false } as const;

export const CODE_PARTS_B_TO_J = ['CodeB', 'CodeC', 'CodeD', 'CodeE', 'CodeF', 'CodeG', 'CodeH', 'CodeI', 'CodeJ'];
