/** Shared helpers for the simulator's own tests: token grants and an axios client that never throws on status. */
import axios, { type AxiosInstance } from 'axios';
import * as scenario from '../seed/scenario';
import type { ConcurSimulator } from './index';

export const company = scenario.concurCompanies[0];
export const apUser = scenario.concurUsers[0];
export const app = scenario.concurApp;

export const http: AxiosInstance = axios.create({ validateStatus: () => true, proxy: false });

export interface TokenResponse {
	access_token: string;
	refresh_token?: string;
	expires_in: string | number;
	refresh_expires_in?: number;
	geolocation: string;
	id_token?: string;
	[key: string]: unknown;
}

export function form(fields: Record<string, string>): string {
	return new URLSearchParams(fields).toString();
}

export function postToken(host: string, fields: Record<string, string>) {
	return http.post(`${host}/oauth2/v0/token`, form(fields), { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

export const companyGrant = (requestToken: string = company.requestToken) => ({
	client_id: app.clientId, client_secret: app.clientSecret, grant_type: 'password', username: company.companyUuid, password: requestToken, credtype: 'authtoken',
});

export async function companyToken(sim: ConcurSimulator): Promise<TokenResponse> {
	const res = await postToken(sim.tokenHostUrl, companyGrant());
	if (res.status !== 200) throw new Error(`company token failed: ${JSON.stringify(res.data)}`);
	return res.data as TokenResponse;
}

export async function userToken(sim: ConcurSimulator): Promise<TokenResponse> {
	const res = await postToken(sim.datacenterUrls.eu2, { client_id: app.clientId, client_secret: app.clientSecret, grant_type: 'password', username: apUser.loginId, password: apUser.password });
	if (res.status !== 200) throw new Error(`user token failed: ${JSON.stringify(res.data)}`);
	return res.data as TokenResponse;
}

export async function appToken(sim: ConcurSimulator, host: string = sim.datacenterUrls.us2): Promise<TokenResponse> {
	const res = await postToken(host, { client_id: app.clientId, client_secret: app.clientSecret, grant_type: 'client_credentials' });
	if (res.status !== 200) throw new Error(`app token failed: ${JSON.stringify(res.data)}`);
	return res.data as TokenResponse;
}

export const bearer = (token: TokenResponse) => ({ authorization: `Bearer ${token.access_token}` });

export const FIS = '/financialintegration/fi/v4/companies/transactiontypes';
