import { SimClock, Store } from './store';

function storeWithLoad(): Store {
	const db = new Store(new SimClock('2026-11-01T00:00:00Z'));
	db.insert('ExtTransactionsSet', '10|1|1', { Company: '10', LoadId: 1, RecordNo: 1 });
	db.insert('ExtTransactionsSet', '10|2|1', { Company: '10', LoadId: 2, RecordNo: 1 });
	return db;
}

const recordNos = (db: Store, loadId: number) => db.childrenOf('ExtTransactionsSet', { Company: '10', LoadId: loadId }).map((row) => row.data.RecordNo);

describe('child rows found through the index', () => {
	it('are the rows under the parent, also those inserted after the index was built', () => {
		const db = storeWithLoad();
		expect(recordNos(db, 1)).toEqual([1]);
		db.insert('ExtTransactionsSet', '10|1|2', { Company: '10', LoadId: 1, RecordNo: 2 });
		expect(recordNos(db, 1)).toEqual([1, 2]);
		expect(recordNos(db, 2)).toEqual([1]);
	});

	it('follow updates, removals and a rolled-back change set', () => {
		const db = storeWithLoad();
		expect(recordNos(db, 1)).toEqual([1]);
		db.update('ExtTransactionsSet', '10|2|1', { Company: '10', LoadId: 1, RecordNo: 5 });
		expect(recordNos(db, 1)).toEqual([1, 5]);
		expect(recordNos(db, 2)).toEqual([]);
		db.remove('ExtTransactionsSet', '10|1|1');
		expect(recordNos(db, 1)).toEqual([5]);
		expect(() =>
			db.atomic(() => {
				db.insert('ExtTransactionsSet', '10|1|9', { Company: '10', LoadId: 1, RecordNo: 9 });
				db.remove('ExtTransactionsSet', '10|2|1');
				throw new Error('change set refused');
			}),
		).toThrow('change set refused');
		expect(recordNos(db, 1)).toEqual([5]);
	});
});
