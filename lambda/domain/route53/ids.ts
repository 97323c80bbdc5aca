/** A hosted zone id without the `/hostedzone/` prefix the API returns it with. */
export function bareZoneId(zoneId: string): string {
  return zoneId.replace(/^\/?hostedzone\//, '');
}

/** A change id without the `/change/` prefix the API returns it with. */
export function bareChangeId(changeId: string): string {
  return changeId.replace(/^\/?change\//, '');
}
