/** Service document and a small but valid EDMX ($metadata) generated from the projection definitions. */
import { edmTypeName } from './literals';
import type { EntityDef, ProjectionDef, PropDef } from './model';

export function serviceDocument(projection: ProjectionDef, base: string): object {
	return {
		'@odata.context': `${base}/$metadata`,
		value: projection.entities.map((e) => ({ name: e.set, kind: 'EntitySet', url: e.set })),
	};
}

function escapeXml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

function propertyXml(prop: PropDef, def: EntityDef, served: string): string {
	const attrs = [`Name="${prop.name}"`, `Type="${edmTypeName(prop, served)}"`];
	if (def.keys.includes(prop.name)) attrs.push('Nullable="false"');
	if (prop.kind === 'number' || prop.kind === 'decimal') attrs.push('Precision="130"', 'Scale="65"');
	if (prop.maxLength) attrs.push(`MaxLength="${prop.maxLength}"`);
	return `<Property ${attrs.join(' ')}/>`;
}

function entityTypeXml(def: EntityDef, projection: ProjectionDef, served: string): string {
	const ns = `IfsApp.${served}`;
	const keys = def.keys.map((k) => `<PropertyRef Name="${k}"/>`).join('');
	const meta = ['luname', 'keyref', 'Objgrants'].map((m) => `<Property Name="${m}" Type="Edm.String"/>`).join('');
	const props = def.props.map((p) => propertyXml(p, def, served)).join('');
	const navs = (def.navs ?? [])
		.map((n) => `<NavigationProperty Name="${n.name}" Type="Collection(${ns}.${targetType(projection, n.target)})"/>`)
		.join('');
	return `<EntityType Name="${def.type}"><Key>${keys}</Key>${meta}${props}${navs}</EntityType>`;
}

function targetType(projection: ProjectionDef, set: string): string {
	return projection.entities.find((e) => e.set === set)!.type;
}

function actionsXml(def: EntityDef, served: string): string {
	return (def.actions ?? [])
		.map((a) => `<Action Name="${def.type}_${a.name}" IsBound="true"><Parameter Name="it" Type="IfsApp.${served}.${def.type}" Nullable="false"/></Action>`)
		.join('');
}

function entitySetXml(def: EntityDef, served: string): string {
	const bindings = (def.navs ?? []).map((n) => `<NavigationPropertyBinding Path="${n.name}" Target="${n.target}"/>`).join('');
	return `<EntitySet Name="${def.set}" EntityType="IfsApp.${served}.${def.type}">${bindings}</EntitySet>`;
}

export function metadataXml(projection: ProjectionDef, served: string): string {
	const enums = projection.enums
		.map((e) => `<EnumType Name="${e.name}">${e.members.map((m, i) => `<Member Name="${escapeXml(m)}" Value="${i}"/>`).join('')}</EnumType>`)
		.join('');
	const types = projection.entities.map((e) => entityTypeXml(e, projection, served)).join('');
	const actions = projection.entities.map((e) => actionsXml(e, served)).join('');
	const sets = projection.entities.map((e) => entitySetXml(e, served)).join('');
	return (
		'<?xml version="1.0" encoding="utf-8"?>' +
		'<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>' +
		`<Schema Namespace="IfsApp.${served}" xmlns="http://docs.oasis-open.org/odata/ns/edm">` +
		`${enums}${types}${actions}<EntityContainer Name="Main">${sets}</EntityContainer>` +
		'</Schema></edmx:DataServices></edmx:Edmx>'
	);
}
