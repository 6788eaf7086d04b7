import { z } from 'zod';
import { RoleName } from './auth.contract';
import { GroupSummary, UserId } from './user.contract';

// Route parameters like /groups/:id are strings; this turns them into ids.
export const IdParam = z.coerce.number().pipe(UserId);

const GroupName = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\p{L}\p{N} _.-]+$/u, 'letters, digits, space, _ . -');

export const CreateRoleRequest = z.strictObject({ name: RoleName }).meta({ id: 'CreateRoleRequest' });
export type CreateRoleRequest = z.infer<typeof CreateRoleRequest>;

export const RoleResponse = z.object({ id: UserId, name: z.string() }).meta({ id: 'RoleResponse' });
export type RoleResponse = z.infer<typeof RoleResponse>;

export const CreateGroupRequest = z.strictObject({ name: GroupName }).meta({ id: 'CreateGroupRequest' });
export type CreateGroupRequest = z.infer<typeof CreateGroupRequest>;

export const GroupResponse = z
  .object({ id: UserId, name: z.string(), roles: z.array(RoleResponse) })
  .meta({ id: 'GroupResponse' });
export type GroupResponse = z.infer<typeof GroupResponse>;

const uniqueIds = (what: string) =>
  z
    .array(UserId)
    .max(1000)
    .refine((ids) => new Set(ids).size === ids.length, `${what} must not repeat`);

export const SetGroupRolesRequest = z
  .strictObject({ roleIds: uniqueIds('roleIds').describe("The group's complete new set of roles") })
  .meta({ id: 'SetGroupRolesRequest' });
export type SetGroupRolesRequest = z.infer<typeof SetGroupRolesRequest>;

export const SetRoleGroupsRequest = z
  .strictObject({ groupIds: uniqueIds('groupIds').describe('The complete new set of groups holding the role') })
  .meta({ id: 'SetRoleGroupsRequest' });
export type SetRoleGroupsRequest = z.infer<typeof SetRoleGroupsRequest>;

export const RoleWithGroupsResponse = z
  .object({ id: UserId, name: z.string(), groups: z.array(GroupSummary) })
  .meta({ id: 'RoleWithGroupsResponse' });
export type RoleWithGroupsResponse = z.infer<typeof RoleWithGroupsResponse>;

export const UserDetails = z
  .object({
    id: UserId,
    username: z.string(),
    disabled: z.boolean(),
    groups: z.array(GroupSummary),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'UserDetails' });
export type UserDetails = z.infer<typeof UserDetails>;

export const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ListQuery = z.infer<typeof ListQuery>;

// GET /users: a page of the users whose username contains `search` (any case).
export const UserListQuery = ListQuery.extend({
  search: z.string().trim().min(1).max(254).optional().meta({
    description: 'Only users whose username contains this text, ignoring case (1 to 254 characters)',
  }),
});
export type UserListQuery = z.infer<typeof UserListQuery>;

export const UserList = z
  .object({ users: z.array(UserDetails), total: z.int().nonnegative() })
  .meta({ id: 'UserList' });
export type UserList = z.infer<typeof UserList>;

export const ChangePasswordRequest = z
  .strictObject({ currentPassword: z.string().min(1).max(128), newPassword: z.string().min(8).max(128) })
  .meta({ id: 'ChangePasswordRequest' });
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

export const UsersLoggedOut = z
  .object({
    users: z.int().nonnegative().describe('How many users had every session ended'),
    pending: z.boolean().describe('True when auth-service has not confirmed yet; it is retried until it does'),
  })
  .meta({ id: 'UsersLoggedOut' });
export type UsersLoggedOut = z.infer<typeof UsersLoggedOut>;
