// Types of continue-token.mjs (the app's half of the Action's redirect).
export interface Candidate {
  provider: string;
  connection: string;
}

export function readSessionToken(
  token: string,
  options: { secret: string; tenantHost: string; now?: number },
): { sub: string; email?: string; candidates: Candidate[] };

export function continueForm(options: {
  tenantHost: string;
  state: string;
  sub: string;
  secret: string;
  dismiss?: boolean;
  now?: number;
}): { action: string; fields: { session_token: string } };
