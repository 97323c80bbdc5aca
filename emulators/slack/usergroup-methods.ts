import type { Workspace } from './slack-types.js';
import { fail, ok, type Reply } from './web-api-replies.js';

/**
 * usergroups.users.list: the members of a user group (Lookout's "who may act" check). A disabled group
 * is answered only with `include_disabled`; without it the emulator answers `no_such_subteam` (a guess).
 */
export function usergroupUsers(workspace: Workspace, params: Record<string, unknown>): Reply {
  const id = typeof params.usergroup === 'string' ? params.usergroup : '';
  const group = workspace.usergroups.get(id);
  const includeDisabled = params.include_disabled === true || params.include_disabled === 'true';
  if (!group || (group.disabled && !includeDisabled)) return fail('no_such_subteam');
  return ok({ users: [...group.users] });
}
