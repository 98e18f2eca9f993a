import { DataDeduplicationService } from 'n8n-core';
import type { DeduplicationItemTypes, DeduplicationScope, ICheckProcessedContextData, IDataDeduplicator, IDeduplicationOutput } from 'n8n-workflow';

/**
 * n8n keeps what nodes record with `checkProcessedAndRecord` in its database, across executions
 * and in every mode; here it is kept in memory (mode `entries` only) until `clear()`.
 */
class MemoryDeduplicator implements IDataDeduplicator {
	private readonly entries = new Map<string, Set<string>>();

	private context(scope: DeduplicationScope, data: ICheckProcessedContextData): Set<string> {
		const key = `${data.workflow.id}|${scope === 'node' ? (data.node?.id ?? '') : ''}`;
		let set = this.entries.get(key);
		if (!set) this.entries.set(key, (set = new Set()));
		return set;
	}

	async checkProcessedAndRecord(items: DeduplicationItemTypes[], scope: DeduplicationScope, data: ICheckProcessedContextData): Promise<IDeduplicationOutput> {
		const seen = this.context(scope, data);
		const output: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of items) {
			(seen.has(String(item)) ? output.processed : output.new).push(item);
			seen.add(String(item));
		}
		return output;
	}

	async removeProcessed(items: DeduplicationItemTypes[], scope: DeduplicationScope, data: ICheckProcessedContextData): Promise<void> {
		const seen = this.context(scope, data);
		for (const item of items) seen.delete(String(item));
	}

	async clearAllProcessedItems(scope: DeduplicationScope, data: ICheckProcessedContextData): Promise<void> {
		this.context(scope, data).clear();
	}

	async getProcessedDataCount(scope: DeduplicationScope, data: ICheckProcessedContextData): Promise<number> {
		return this.context(scope, data).size;
	}

	clear(): void {
		this.entries.clear();
	}
}

export const processedData = new MemoryDeduplicator();
void DataDeduplicationService.init(processedData);
