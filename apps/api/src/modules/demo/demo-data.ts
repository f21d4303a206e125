import { DataSource } from 'typeorm';
import bcrypt from 'bcryptjs';
import { withUsccCheck, type Role, type ScopeKind } from '@portal/shared';
import { CodeItemEntity } from '../codes/code-item.entity';
import { RegionTree } from '../codes/region-tree';
import { EnterpriseProfileEntity } from '../enterprises/enterprise-profile.entity';
import { EnterpriseEntity } from '../enterprises/enterprise.entity';
import { UserEntity } from '../users/user.entity';

export interface DemoFirm {
  key: string;
  uscc: string;
  nameZh: string;
  regionCode: string;
  zoneCode: string | null;
  natureCode: string;
  industryCode: string;
  keyEnterprise: boolean;
}

const uscc = (region: string, seq: number) => withUsccCheck(`91${region}MA6U${String(seq).padStart(5, '0')}`);

/** Demo firms of both demo cities (and a third, so lists are not trivially small). */
export const DEMO_FIRMS: DemoFirm[] = [
  {
    key: 'xian-1',
    uscc: uscc('610113', 1),
    nameZh: '西安云图软件科技有限公司',
    regionCode: '610113',
    zoneCode: '6101Z1',
    natureCode: 'DOM-PRI',
    industryCode: 'I',
    keyEnterprise: true,
  },
  {
    key: 'xian-2',
    uscc: uscc('610113', 2),
    nameZh: '西安秦岭数据服务有限公司',
    regionCode: '610113',
    zoneCode: '6101Z1',
    natureCode: 'FIE',
    industryCode: 'I',
    keyEnterprise: false,
  },
  {
    key: 'xian-3',
    uscc: uscc('610112', 3),
    nameZh: '西安丝路工程设计有限公司',
    regionCode: '610112',
    zoneCode: '6101Z2',
    natureCode: 'DOM-SOE',
    industryCode: 'M',
    keyEnterprise: false,
  },
  {
    key: 'xianyang-1',
    uscc: uscc('610400', 4),
    nameZh: '咸阳智汇信息技术有限公司',
    regionCode: '610400',
    zoneCode: null,
    natureCode: 'DOM-PRI',
    industryCode: 'I',
    keyEnterprise: true,
  },
  {
    key: 'xianyang-2',
    uscc: uscc('610403', 5),
    nameZh: '杨陵农科检测服务有限公司',
    regionCode: '610403',
    zoneCode: null,
    natureCode: 'HMT',
    industryCode: 'M',
    keyEnterprise: false,
  },
  {
    key: 'baoji-1',
    uscc: uscc('610300', 6),
    nameZh: '宝鸡钛谷精密维修服务有限公司',
    regionCode: '610300',
    zoneCode: null,
    natureCode: 'DOM-COL',
    industryCode: 'O',
    keyEnterprise: false,
  },
];

interface DemoUser {
  username: string;
  displayName: string;
  roles: Role[];
  scopeKind: ScopeKind;
  scope: string | null;
}

export const DEMO_ACCOUNTS: DemoUser[] = [
  {
    username: 'admin',
    displayName: '系统管理员',
    roles: ['ADMIN'],
    scopeKind: 'SYSTEM',
    scope: null,
  },
  {
    username: 'province',
    displayName: '陕西省商务厅',
    roles: ['PROVINCIAL_REVIEWER', 'PROVINCIAL_STATISTICIAN'],
    scopeKind: 'PROVINCE',
    scope: '610000',
  },
  {
    username: 'xian',
    displayName: '西安市商务局',
    roles: ['MUNICIPAL_REVIEWER'],
    scopeKind: 'REGION',
    scope: '610100',
  },
  {
    username: 'xianyang',
    displayName: '咸阳市商务局',
    roles: ['MUNICIPAL_REVIEWER'],
    scopeKind: 'REGION',
    scope: '610400',
  },
  {
    username: 'firm-xian-1',
    displayName: '西安云图 填报人',
    roles: ['ENTERPRISE_FILER', 'ENTERPRISE_SIGNATORY'],
    scopeKind: 'ENTERPRISE',
    scope: 'xian-1',
  },
  {
    username: 'firm-xianyang-1',
    displayName: '咸阳智汇 填报人',
    roles: ['ENTERPRISE_FILER', 'ENTERPRISE_SIGNATORY'],
    scopeKind: 'ENTERPRISE',
    scope: 'xianyang-1',
  },
];

/**
 * Loads the demo accounts and firms (idempotent: skipped when the admin account exists).
 * Returns false when the demo data was already there.
 */
export async function loadDemoData(ds: DataSource, password: string): Promise<boolean> {
  if (await ds.getRepository(UserEntity).existsBy({ username: 'admin' })) return false;
  const regions = new RegionTree(await ds.getRepository(CodeItemEntity).findBy({ list: 'regions' }));
  await ds.transaction(async (m) => {
    const firmIds = new Map<string, string>();
    for (const f of DEMO_FIRMS) {
      const reviewUnitCode = regions.reviewUnitOf(f.regionCode, f.zoneCode)!;
      const e = await m.save(
        m.create(EnterpriseEntity, {
          uscc: f.uscc,
          nameZh: f.nameZh,
          regionCode: f.regionCode,
          zoneCode: f.zoneCode,
          reviewUnitCode,
          provinceCode: regions.provinceOf(reviewUnitCode)!,
          status: 'ACTIVE',
          confirmedAt: new Date(),
        }),
      );
      firmIds.set(f.key, e.id);
      await m.insert(EnterpriseProfileEntity, {
        enterpriseId: e.id,
        validFrom: '2015-01-01',
        nameZh: f.nameZh,
        regionCode: f.regionCode,
        zoneCode: f.zoneCode,
        natureCode: f.natureCode,
        industryCode: f.industryCode,
        keyEnterprise: f.keyEnterprise,
        advancedTech: false,
      });
    }
    const passwordHash = await bcrypt.hash(password, 10);
    for (const u of DEMO_ACCOUNTS) {
      await m.insert(UserEntity, {
        username: u.username,
        displayName: u.displayName,
        passwordHash,
        roles: u.roles,
        scopeKind: u.scopeKind,
        scopeCode: u.scopeKind === 'ENTERPRISE' ? firmIds.get(u.scope!)! : u.scope,
      });
    }
  });
  return true;
}
