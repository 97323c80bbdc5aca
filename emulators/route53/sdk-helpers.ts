import {
  type Change,
  ChangeResourceRecordSetsCommand,
  type ChangeResourceRecordSetsCommandOutput,
  ListResourceRecordSetsCommand,
  type ResourceRecordSet,
  Route53Client,
  type Route53ClientConfig,
} from '@aws-sdk/client-route-53';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
// The client side of a test request: the same SHA-256 shim Lookout signs with.
import { NodeSha256 } from '../../lambda/sources/route53/sha256.js';

/** A real SDK client pointed at the fake, signing with the given access key. */
export function route53Client(
  endpoint: string,
  accessKeyId = 'AKIAIOSFODNN7EXAMPLE',
  extra: Partial<Route53ClientConfig> = {},
): Route53Client {
  return new Route53Client({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey: 'not-checked-by-the-fake' },
    ...extra,
  });
}

/** Every record set of a zone through ListResourceRecordSets pages, with the page sizes seen. */
export async function listAll(
  client: Route53Client,
  zoneId: string,
  maxItems?: number,
): Promise<{ sets: ResourceRecordSet[]; pages: number[]; requests: number }> {
  const sets: ResourceRecordSet[] = [];
  const pages: number[] = [];
  let start: { StartRecordName?: string; StartRecordType?: string; StartRecordIdentifier?: string } = {};
  for (;;) {
    const page = await client.send(
      new ListResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ...(start as object),
        ...(maxItems === undefined ? {} : { MaxItems: maxItems }),
      }),
    );
    sets.push(...(page.ResourceRecordSets ?? []));
    pages.push(page.ResourceRecordSets?.length ?? 0);
    if (!page.IsTruncated) return { sets, pages, requests: pages.length };
    start = {
      StartRecordName: page.NextRecordName,
      StartRecordType: page.NextRecordType,
      ...(page.NextRecordIdentifier ? { StartRecordIdentifier: page.NextRecordIdentifier } : {}),
    };
  }
}

export function change(
  client: Route53Client,
  zoneId: string,
  changes: Change[],
  comment?: string,
): Promise<ChangeResourceRecordSetsCommandOutput> {
  return client.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: zoneId,
      ChangeBatch: { Changes: changes, ...(comment === undefined ? {} : { Comment: comment }) },
    }),
  );
}

export function a(name: string, values: string[], ttl = 60): ResourceRecordSet {
  return { Name: name, Type: 'A', TTL: ttl, ResourceRecords: values.map((Value) => ({ Value })) };
}

/**
 * A SigV4-signed GET for the Route 53 paths the SDK has no command for (Change History), so the
 * fake attributes it like an SDK call. Returns status and XML body.
 */
export async function signedGet(
  endpoint: string,
  path: string,
  query: Record<string, string> = {},
  accessKeyId = 'AKIAIOSFODNN7EXAMPLE',
): Promise<{ status: number; body: string }> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({
    service: 'route53',
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey: 'not-checked-by-the-fake' },
    sha256: NodeSha256,
  });
  const request = new HttpRequest({
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    method: 'GET',
    path,
    query,
    headers: { host: url.host },
  });
  const signed = await signer.sign(request);
  const search = new URLSearchParams(query).toString();
  const response = await fetch(`${endpoint}${path}${search ? `?${search}` : ''}`, {
    headers: signed.headers as Record<string, string>,
  });
  return { status: response.status, body: await response.text() };
}
