import { entityKeys, entityProperties } from '../../../nodes/shared/ifs/metadata';

const edmx =
	'<edmx:Edmx><edmx:DataServices><Schema Namespace="IfsApp.SupplierHandling">' +
	'<EntityType Name="SupplierInfoGeneral"><Key><PropertyRef Name="SupplierId"/></Key><Property Name="SupplierId" Type="Edm.String"/><Property Name="Name" Type="Edm.String"/></EntityType>' +
	'<EntityType Name="Other"><Property Name="X" Type="Edm.String"/></EntityType>' +
	'<EntityContainer><EntitySet Name="SupplierInfoGeneralSet" EntityType="IfsApp.SupplierHandling.SupplierInfoGeneral"/></EntityContainer>' +
	'</Schema></edmx:DataServices></edmx:Edmx>';

test('reads the properties of an entity set from $metadata', () => {
	expect(entityProperties(edmx, 'SupplierInfoGeneralSet')).toEqual([
		{ name: 'SupplierId', type: 'Edm.String' },
		{ name: 'Name', type: 'Edm.String' },
	]);
	expect(entityProperties(edmx, 'Unknown')).toEqual([]);
});

test('reads the key attributes of an entity set from $metadata', () => {
	expect(entityKeys(edmx, 'SupplierInfoGeneralSet')).toEqual(['SupplierId']);
	expect(entityKeys(edmx, 'Unknown')).toEqual([]);
});
