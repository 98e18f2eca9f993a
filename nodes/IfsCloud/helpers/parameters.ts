/** Node parameters → typed keys, filter conditions, bodies and record targets. */
import { jsonParse, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import type { FilterCondition, FilterGroup, FilterValueType } from '../../shared/ifs/odata/filter';
import type { KeyValue } from '../../shared/ifs/odata/literals';
import type { Keys } from '../../shared/ifs/transport';
import type { IfsConnection } from '../../shared/ifs/connection';
import { companyFor } from '../../shared/ifs/connection';
import type { RecordTarget } from '../../shared/ifs/records';

interface KeyRow {
	name: string;
	value: string;
	valueType: 'string' | 'number' | 'date' | 'enum';
	enumType?: string;
}

interface ConditionRow {
	field: string;
	operator: FilterCondition['operator'];
	value: string;
	valueType: FilterValueType;
	enumType?: string;
}

export function keysFrom(ctx: IExecuteFunctions, itemIndex: number, projection: string): Keys {
	const rows = (ctx.getNodeParameter('keys.key', itemIndex, []) as KeyRow[]) ?? [];
	if (rows.length === 0) throw new Error('At least one key is required');
	return Object.fromEntries(rows.map((row) => [row.name, keyValue(row, projection)]));
}

function keyValue(row: KeyRow, projection: string): KeyValue {
	if (row.valueType === 'enum') return { type: 'enum', projection, enumType: row.enumType ?? '', value: row.value };
	return { type: row.valueType, value: row.value };
}

export function conditionsFrom(ctx: IExecuteFunctions, itemIndex: number): FilterGroup {
	const rows = (ctx.getNodeParameter('conditions.condition', itemIndex, []) as ConditionRow[]) ?? [];
	const combinator = ctx.getNodeParameter('combinator', itemIndex, 'and') as 'and' | 'or';
	return {
		combinator,
		conditions: rows.map((row) => ({
			field: row.field,
			operator: row.operator,
			valueType: row.valueType,
			value: row.value,
			...(row.valueType === 'enum' ? { enumType: row.enumType } : {}),
		})),
	};
}

export function fieldsFrom(ctx: IExecuteFunctions, itemIndex: number, name = 'fields'): IDataObject {
	const raw = ctx.getNodeParameter(name, itemIndex, {}) as unknown;
	const fields = typeof raw === 'string' ? jsonParse<unknown>(raw, { errorMessage: `${name} is not valid JSON` }) : raw;
	if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) throw new Error(`${name} must be a JSON object`);
	return fields as IDataObject;
}

export function listParameters(ctx: IExecuteFunctions, itemIndex: number) {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const options = ctx.getNodeParameter('queryOptions', itemIndex, {}) as IDataObject;
	const orderBy = String(options.orderBy ?? '').trim();
	return {
		limit: returnAll ? undefined : (ctx.getNodeParameter('limit', itemIndex, 50) as number),
		select: (options.select as string[] | undefined)?.filter(Boolean),
		orderby: orderBy ? orderBy.split(',').map((part) => part.trim()).filter(Boolean) : undefined,
		exactDecimals: options.exactDecimals === true,
	};
}

/** The Record resource's projection/entity set, company-scoped unless switched off. */
export function recordTargetFrom(ctx: IExecuteFunctions, connection: IfsConnection, itemIndex: number): RecordTarget {
	const projection = String(ctx.getNodeParameter('projection', itemIndex, '', { extractValue: true })).trim();
	const entitySet = String(ctx.getNodeParameter('entitySet', itemIndex, '', { extractValue: true })).trim();
	const scoped = ctx.getNodeParameter('companyScoped', itemIndex, true) as boolean;
	return { ref: { projection, entitySet }, company: scoped ? companyFor(ctx, connection, itemIndex) : undefined };
}
