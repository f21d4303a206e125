import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { CONFIG, type AppConfig } from '../../core/config/config';
import { tooManyRequests } from '../../core/errors/app-error';
import { clientAddress, LIMITS_REDIS } from '../../core/http/rate-limits';

const DAY = 24 * 3600;
/** How long an address stays "known" for an account after a successful login or an unlock from it
 * (24 days: the in-memory fallback limiter keeps a timer per key, and timers stop at 2^31 ms ≈ 24.8 days). */
const KNOWN_SECONDS = 24 * DAY;

/** What the caller learns from a failed attempt, to audit the moment a limit starts to bite. */
export interface FailureOutcome {
  /** This failure used up the address's attempts on the account: it now waits LOGIN_LOCK_MINUTES. */
  addressLockedOut: boolean;
}

/** One admitted attempt, settled once the password has been checked. */
export interface LoginTicket {
  succeeded(): Promise<void>;
  failed(): Promise<FailureOutcome>;
}

/**
 * Login protection after rate-limiter-flexible's "login endpoint protection" pattern, keyed by the username as
 * typed, so an unknown username is treated exactly like an existing one (no enumeration):
 *
 * - per account and address: LOGIN_MAX_FAILURES failures within LOGIN_LOCK_MINUTES, then that address waits
 *   LOGIN_LOCK_MINUTES. Only the guessing address waits: the owner elsewhere still logs in.
 * - per address: LOGIN_ADDRESS_MAX_FAILURES failures a day over all accounts (password spraying), then a day.
 * - per account: beyond LOGIN_ACCOUNT_MAX_FAILURES failures within an hour (many addresses at one account), an
 *   address that has not logged in to the account before gets one attempt per delay, which doubles from 1 s with
 *   every further attempt up to LOGIN_LOCK_MINUTES. Known addresses (a successful login or an unlock link used
 *   from there within 30 days) are not delayed, so such an attack slows the attacker, not the owner.
 *
 * Every attempt is counted before the password is checked and refunded on success, so concurrent guesses cannot
 * overtake the count: of 30 parallel wrong passwords exactly LOGIN_MAX_FAILURES are checked. Counters are atomic in
 * Redis (shared by API processes); while Redis is away each process counts in memory (the insurance limiters).
 */
@Injectable()
export class LoginThrottle {
  private readonly pair: RateLimiterRedis;
  private readonly address: RateLimiterRedis;
  private readonly account: RateLimiterRedis;
  private readonly gate: RateLimiterRedis;
  private readonly known: RateLimiterRedis;
  private readonly maxDelaySeconds: number;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LIMITS_REDIS) redis: Redis,
  ) {
    const lock = config.LOGIN_LOCK_MINUTES * 60;
    this.maxDelaySeconds = lock;
    const limiter = (keyPrefix: string, points: number, duration: number, blockDuration = 0) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix,
        points,
        duration,
        blockDuration,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
      });
    this.pair = limiter('login-pair', config.LOGIN_MAX_FAILURES, lock, lock);
    this.address = limiter('login-address', config.LOGIN_ADDRESS_MAX_FAILURES, DAY, DAY);
    this.account = limiter('login-account', config.LOGIN_ACCOUNT_MAX_FAILURES, 3600);
    this.gate = limiter('login-gate', 1, 1);
    this.known = limiter('login-known', 1, KNOWN_SECONDS);
  }

  /** Admits the attempt (counting it) or throws LOGIN_THROTTLED with Retry-After. */
  async admit(username: string, ip: string | undefined): Promise<LoginTicket> {
    const keys = this.keys(username, ip);
    const pair = await this.take(this.pair, keys.pair);
    let address: RateLimiterRes;
    try {
      address = await this.take(this.address, keys.address);
    } catch (e) {
      await this.pair.reward(keys.pair);
      throw e;
    }
    const known = (await this.known.get(keys.known)) !== null;
    if (!known) {
      try {
        await this.throughAccountGate(keys.account);
      } catch (e) {
        await Promise.all([this.pair.reward(keys.pair), this.address.reward(keys.address)]);
        throw e;
      }
    }
    return {
      succeeded: async () => {
        await Promise.all([
          this.pair.delete(keys.pair),
          this.address.reward(keys.address),
          known ? undefined : this.account.reward(keys.account),
          this.known.set(keys.known, 1, KNOWN_SECONDS),
        ]);
      },
      failed: async () => ({
        addressLockedOut: pair.consumedPoints === this.config.LOGIN_MAX_FAILURES || address.remainingPoints === 0,
      }),
    };
  }

  /**
   * The owner proved control of the account's mailbox from this address (unlock link, password reset): the address
   * may try again at once and is known from now on; the account's delay ends.
   */
  async unlock(username: string, ip: string | undefined): Promise<void> {
    const keys = this.keys(username, ip);
    await Promise.all([
      this.pair.delete(keys.pair),
      this.known.set(keys.known, 1, KNOWN_SECONDS),
      this.clearAccountKeys(keys.account),
    ]);
  }

  /** The password changed (an administrator set it): guesses at the old one no longer slow the account down. */
  async clearAccount(username: string): Promise<void> {
    await this.clearAccountKeys(this.keys(username, undefined).account);
  }

  private async clearAccountKeys(account: string): Promise<void> {
    await Promise.all([this.account.delete(account), this.gate.delete(account)]);
  }

  private keys(username: string, ip: string | undefined) {
    const account = encodeURIComponent(username);
    const address = clientAddress(ip);
    return { account, address, pair: `${account}|${address}`, known: `${account}|${address}` };
  }

  /** Consumes a point; a refusal becomes LOGIN_THROTTLED with the time the key stays blocked. */
  private async take(limiter: RateLimiterRedis, key: string): Promise<RateLimiterRes> {
    try {
      return await limiter.consume(key);
    } catch (e) {
      if (e instanceof RateLimiterRes) throw tooManyRequests('LOGIN_THROTTLED', e.msBeforeNext);
      throw e;
    }
  }

  /**
   * Beyond the account's hourly failures one attempt passes per delay; every attempt meanwhile (admitted or not)
   * lengthens the delay, so hammering an account from many addresses only slows it down further.
   */
  private async throughAccountGate(account: string): Promise<void> {
    let attempts: number;
    try {
      await this.account.consume(account);
      return;
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      attempts = e.consumedPoints;
    }
    const delay = Math.min(
      2 ** Math.min(attempts - this.config.LOGIN_ACCOUNT_MAX_FAILURES - 1, 30),
      this.maxDelaySeconds,
    );
    try {
      await this.gate.consume(account);
      await this.gate.block(account, delay);
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      await this.gate.block(account, delay);
      throw tooManyRequests('LOGIN_THROTTLED', delay * 1000);
    }
  }
}
