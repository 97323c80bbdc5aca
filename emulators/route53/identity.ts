import { createHash } from 'node:crypto';

/** Who called, as CloudTrail and Change History record it. */
export interface CallerIdentity {
  type: 'AssumedRole' | 'IAMUser' | 'Root';
  /** The principal ARN: the role *session* ARN for an assumed role. */
  arn: string;
  accountId: string;
  accessKeyId: string;
  /** `AROA…:session` for a role session, `AIDA…` for a user, the account id for root. */
  principalId: string;
  roleName?: string;
  roleArn?: string;
  roleId?: string;
  sessionName?: string;
  userName?: string;
  /** When the session (or key) was registered: CloudTrail's `sessionContext.attributes.creationDate`. */
  createdAt: Date;
}

export const DEFAULT_ACCOUNT_ID = '123456789012';

/** SigV4: `AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/route53/aws4_request, ...`. */
export function accessKeyIdOf(authorization: string | undefined): string | undefined {
  return /Credential=([^/,\s]+)\//.exec(authorization ?? '')?.[1];
}

/**
 * Maps access key ids to principals. The fake does not verify signatures (the SDK signs with
 * whatever secret the test gives it); it only reads who signed, which is what attribution needs.
 */
export class PrincipalRegistry {
  private readonly byAccessKey = new Map<string, { arn: string; createdAt: Date }>();
  private readonly startedAt = new Date();

  constructor(private readonly defaultArn = `arn:aws:iam::${DEFAULT_ACCOUNT_ID}:user/lookout-test`) {}

  register(accessKeyId: string, arn: string): void {
    const createdAt = new Date();
    parsePrincipalArn(arn, accessKeyId, createdAt);
    this.byAccessKey.set(accessKeyId, { arn, createdAt });
  }

  has(accessKeyId: string): boolean {
    return this.byAccessKey.has(accessKeyId);
  }

  /** The identity behind a request's access key (the default principal for unknown keys). */
  identify(accessKeyId: string | undefined): CallerIdentity {
    const key = accessKeyId ?? 'AKIAIOSFODNN7EXAMPLE';
    const known = this.byAccessKey.get(key);
    return parsePrincipalArn(known?.arn ?? this.defaultArn, key, known?.createdAt ?? this.startedAt);
  }
}

/** Reads an STS assumed-role session ARN, an IAM user ARN or a root ARN. */
export function parsePrincipalArn(arn: string, accessKeyId: string, createdAt = new Date()): CallerIdentity {
  const session = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(arn);
  if (session) {
    const [, accountId = '', roleName = '', sessionName = ''] = session;
    const roleArn = `arn:aws:iam::${accountId}:role/${roleName}`;
    const roleId = `AROA${stableId(roleArn)}`;
    return {
      type: 'AssumedRole',
      arn,
      accountId,
      accessKeyId,
      principalId: `${roleId}:${sessionName}`,
      roleName,
      roleArn,
      roleId,
      sessionName,
      createdAt,
    };
  }
  const user = /^arn:aws:iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (user) {
    const [, accountId = '', userName = ''] = user;
    return {
      type: 'IAMUser',
      arn,
      accountId,
      accessKeyId,
      principalId: `AIDA${stableId(arn)}`,
      userName,
      createdAt,
    };
  }
  const root = /^arn:aws:iam::(\d{12}):root$/.exec(arn);
  if (root) {
    const accountId = root[1] ?? '';
    return { type: 'Root', arn, accountId, accessKeyId, principalId: accountId, createdAt };
  }
  throw new Error(`not a role session, IAM user or root ARN: ${arn}`);
}

/** 17 upper-case base-32-ish characters derived from a string, like IAM's unique ids. */
function stableId(seed: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const digest = createHash('sha256').update(seed).digest();
  return Array.from(digest.subarray(0, 17), (byte) => alphabet[byte % 32]).join('');
}
