import { DateTime } from 'luxon';
import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { auditRowOf, confirmationOf } from '../shared/confirmation';
import { companyScopeOf } from '../shared/ifs/company';
import { DEFAULT_SETTINGS, IFS_CREDENTIAL_TYPE, IfsTransport } from '../shared/ifs/transport';
import { mapDocuments, MappingConfigError, type MapItemResult } from './core';
import { mappingProperties } from './description/mapping.properties';
import { readMappingConfig } from './mapping-parameters';
import { loadReferenceData, type ReferenceProjections } from './reference-data';
import { readmeSection } from '../shared/descriptions';

export class ConcurToIfs implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Concur to IFS',
		name: 'concurToIfs',
		icon: { light: 'file:concurToIfs.svg', dark: 'file:concurToIfs.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: 'Map and validate postings',
		documentationUrl: readmeSection('concur-to-ifs-node'),
		description:
			'Turns SAP Concur expense reports, invoices and purchase requests into balanced IFS Cloud postings, validated against IFS reference data; documents that cannot be posted are held whole with reasons',
		defaults: { name: 'Concur to IFS' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [
			{ type: NodeConnectionTypes.Main, displayName: 'Mapped' },
			{ type: NodeConnectionTypes.Main, displayName: 'Held' },
		],
		credentials: [{ name: 'ifsCloudOAuth2Api', required: true }],
		properties: mappingProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const credentials = await this.getCredentials(IFS_CREDENTIAL_TYPE);
		const scope = companyScopeOf(credentials);
		const config = withMappingHelp(this, () => readMappingConfig(this, scope.allowed));
		const now = DateTime.utc();
		const reference = await loadReferenceData(
			new IfsTransport(this, String(credentials.tenantUrl ?? ''), DEFAULT_SETTINGS()),
			scope.allowed,
			config.costCenterCodePart,
			referenceProjections(this.getNodeParameter('advanced', 0, {}) as IDataObject),
			now.toISODate() ?? '',
			config.currencyRateType,
		);
		const results = withMappingHelp(this, () =>
			mapDocuments(
				items.map((item) => item.json),
				config,
				reference,
				{ executionId: this.getExecutionId(), now: now.toISO() ?? undefined },
			),
		);
		return routeResults(results, this.getExecutionId());
	}
}

/** A mapping the items cannot be mapped with fails the run, saying what to fill in. */
function withMappingHelp<T>(ctx: IExecuteFunctions, run: () => T): T {
	try {
		return run();
	} catch (error) {
		const description = error instanceof MappingConfigError ? 'Complete the mapping in this node, then run again.' : undefined;
		throw new NodeOperationError(ctx.getNode(), error as Error, { description });
	}
}

function referenceProjections(advanced: IDataObject): ReferenceProjections {
	const name = (key: string, fallback: string) => (typeof advanced[key] === 'string' && advanced[key] !== '' ? (advanced[key] as string) : fallback);
	return {
		codePart: name('codePartProjection', 'AccountingCodePartValueHandling'),
		supplier: name('supplierProjection', 'SupplierHandling'),
		currency: name('currencyProjection', 'CurrencyCodeHandling'),
		period: name('periodProjection', 'AccountingPeriodHandling'),
		company: name('companyProjection', 'CompanyHandling'),
		currencyRate: name('currencyRateProjection', 'CurrencyRateHandling'),
		currencyRateEntitySet: name('currencyRateEntitySet', 'CurrencyRateSet'),
	};
}

/** Output 0 "Mapped": ready-to-post documents; output 1 "Held": documents with the reasons they cannot be posted. */
function routeResults(results: MapItemResult[], executionId: string): INodeExecutionData[][] {
	const mapped: INodeExecutionData[] = [];
	const held: INodeExecutionData[] = [];
	results.forEach((result, index) => {
		if (result.held) {
			const message = result.reasons.map((reason) => reason.message).join('\n');
			const json = { held: true, message, reasons: result.reasons, notes: result.notes, audit: result.audit, confirmation: confirmationOf(result.audit, undefined, message), auditRow: auditRowOf(result.audit, executionId) };
			held.push({ json: json as unknown as IDataObject, pairedItem: { item: index } });
		} else {
			mapped.push({ json: { posting: result.posting, notes: result.notes, audit: result.audit } as unknown as IDataObject, pairedItem: { item: index } });
		}
	});
	return [mapped, held];
}
