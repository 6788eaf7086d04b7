import { Injectable } from '@nestjs/common';
import type { RegisterUserRequest, UserResponse } from '@session-mesh/contracts';
import { PasswordHasher } from '../credentials/password-hasher';
import { isUniqueViolation, PrismaService } from '../database/prisma.service';
import { toUserResponse } from './user.mapper';
import { UserServiceError } from '../user-service.errors';

@Injectable()
export class RegisterUserService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly hasher: PasswordHasher,
  ) {}

  async register({ username, password }: RegisterUserRequest): Promise<UserResponse> {
    const passwordHash = await this.hasher.hash(password);
    try {
      const user = await this.prisma.user.create({ data: { username, passwordHash } });
      return toUserResponse(user);
    } catch (error) {
      if (isUniqueViolation(error))
        throw new UserServiceError('username_taken', `The username ${username} is already taken`);
      throw error;
    }
  }
}
