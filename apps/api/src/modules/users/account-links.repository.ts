import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { AccountLinkEntity, type AccountLinkPurpose } from './account-link.entity';

/** The one-time links mailed to account owners (password reset, unlock); tokens are stored as SHA-256 only. */
@Injectable()
export class AccountLinksRepository {
  constructor(@InjectRepository(AccountLinkEntity) private readonly links: Repository<AccountLinkEntity>) {}

  async issue(userId: string, purpose: AccountLinkPurpose, tokenHash: string, expiresAt: Date): Promise<void> {
    await this.links.insert({ userId, purpose, tokenHash, expiresAt });
  }

  /** The unused, unexpired link with this token hash and purpose. */
  async findUsable(tokenHash: string, purpose: AccountLinkPurpose): Promise<AccountLinkEntity | null> {
    const link = await this.links.findOneBy({ tokenHash, purpose, usedAt: IsNull() });
    return link && link.expiresAt > new Date() ? link : null;
  }

  /**
   * Uses a link, ending every outstanding link of its account in the same statement. Of two concurrent uses (of
   * this link or of another of the account) exactly one finds its row still unused: true for that one only.
   */
  async use(link: AccountLinkEntity): Promise<boolean> {
    const ended = await this.links
      .createQueryBuilder()
      .update()
      .set({ usedAt: () => 'now()' })
      .where('user_id = :userId AND used_at IS NULL', { userId: link.userId })
      .returning('id')
      .execute();
    return (ended.raw as { id: string }[]).some((row) => row.id === link.id);
  }

  /** The password changed: links mailed before no longer work. */
  async endAll(userId: string): Promise<void> {
    await this.links.update({ userId, usedAt: IsNull() }, { usedAt: new Date() });
  }
}
