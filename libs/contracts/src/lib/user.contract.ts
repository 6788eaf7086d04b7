import { z } from 'zod';

export const UserId = z.int().positive().max(2_147_483_647);

export const RegisterUserRequest = z
  .strictObject({
    username: z.email().max(254).describe('An email address'),
    password: z.string().min(8).max(128),
  })
  .meta({ id: 'RegisterUserRequest' });
export type RegisterUserRequest = z.infer<typeof RegisterUserRequest>;

export const UserResponse = z
  .object({
    id: UserId,
    username: z.string(),
  })
  .meta({ id: 'UserResponse' });
export type UserResponse = z.infer<typeof UserResponse>;

export const AssignGroupsRequest = z
  .strictObject({
    userId: UserId,
    groupIds: z
      .array(UserId)
      .max(1000)
      .refine((ids) => new Set(ids).size === ids.length, 'groupIds must not repeat')
      .describe("The user's complete new set of groups; [] removes all"),
  })
  .meta({ id: 'AssignGroupsRequest' });
export type AssignGroupsRequest = z.infer<typeof AssignGroupsRequest>;

// A group as other shapes list it (a user's groups, the groups holding a role).
export const GroupSummary = z.object({ id: UserId, name: z.string() }).meta({ id: 'GroupSummary' });
export type GroupSummary = z.infer<typeof GroupSummary>;

export const AssignGroupsResponse = z
  .object({
    userId: UserId,
    groups: z.array(GroupSummary),
  })
  .meta({ id: 'AssignGroupsResponse' });
export type AssignGroupsResponse = z.infer<typeof AssignGroupsResponse>;
