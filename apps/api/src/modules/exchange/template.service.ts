import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { Readable } from 'node:stream';
import { DataSource, In } from 'typeorm';
import {
  BUNDLE_FILES,
  checkZipSize,
  COLUMNS,
  fileCells,
  formatAmount,
  RETURN_FILES,
  type BundleFileName,
  type ExchangeData,
} from '@portal/exchange';
import {
  AMOUNT_LIMIT,
  type ContractRegistrationStatus,
  COUNT_MAX,
  isIsoDate,
  PERIOD_YEAR_MAX,
  PERIOD_YEAR_MIN,
  periodBounds,
  previousPeriod,
  TECHNOLOGY_CONTRACT_FIELD_LABELS,
  type ReturnContent,
} from '@portal/shared';
import type { AuthUser } from '../../core/auth/auth-user';
import { CONFIG, type AppConfig } from '../../core/config/config';
import { AppError } from '../../core/errors/app-error';
import { EnterpriseEntity } from '../enterprises/enterprise.entity';
import { shanghaiDate } from '../periods/calendar';
import { CodeItemEntity } from '../codes/code-item.entity';
import { ReturnEntity, ReturnRevisionEntity } from '../returns/return.entity';
import { ReturnsService } from '../returns/returns.service';
import { ExportService, type ContractVersionRow } from './export.service';
import type { ImportError } from './import-job.entity';

const CODE_SHEET = '代码表';
const GUIDE_SHEET = '填报说明';
/** A hidden sheet naming the template's revision (A1 label, B1 revision), checked on upload. */
const STAMP_SHEET = '模板信息';
/**
 * The layout revision of the template. Raise it whenever a sheet, column or header row changes: a workbook of an
 * older layout is refused on upload with a message to download the template again, rather than read wrongly.
 */
export const TEMPLATE_REVISION = '2026.2';
/** Data rows of a template sheet carry validations and stay unlocked down to this row. */
const LAST_INPUT_ROW = 2000;
/** Row 1 holds the exchange format's column names (hidden), row 2 the Chinese headers; data from row 3. */
const FIRST_DATA_ROW = 3;
const sheetOf = (file: BundleFileName) => file.replace(/\.csv$/, '');
/** Parts of an .xlsx package: a workbook of the template has about twenty; hundreds means something else. */
const MAX_XLSX_PARTS = 500;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

const LABELS: Record<string, string> = {
  uscc: '统一社会信用代码',
  name_zh: '企业名称',
  region_code: '注册地（区县或市代码）',
  zone_code: '所在园区代码（可空）',
  nature_code: '企业性质代码',
  industry_code: '行业门类代码',
  key_enterprise: '重点联系企业（Y/N）',
  period: '报告期（如 2026Q3）',
  category_code: '服务类别代码',
  partner_code: '国别（地区）代码',
  direction: '方向（EXPORT 出口 / IMPORT 进口）',
  amount: '金额',
  currency: '币种（USD/CNY，默认 USD）',
  contract_no: '合同编号',
  signed_date: '签约日期（YYYY-MM-DD）',
  client_name: '发包方名称',
  client_partner_code: '发包方国别（地区）代码，境内为 CN',
  client_industry_code: '发包方行业门类代码（可空）',
  business_code: '业务类别代码（三级）',
  offshore: '离岸（Y/N）',
  contract_amount: '合同金额',
  executed_amount: '本季度执行金额',
  junior_college: '专科（人）',
  bachelor: '本科（人）',
  master: '硕士（人）',
  doctor: '博士（人）',
  other: '其它（人）',
  new_hires: '本季度新增从业人员（人）',
  new_hires_graduates: '其中：新增大学学历（人）',
  mode_code: '技术进出口方式代码',
  foreign_party: '外方名称（出口为受让方，进口为供方）',
  tech_fee: '技术费',
  equipment_fee: '设备费（可空，默认 0）',
  registration_no: '登记证书编号（无需填写）',
};

/**
 * English beside the Chinese in the header of the technology contract template (its firms trade abroad); the
 * words of the registration form (TECHNOLOGY_CONTRACT_FIELD_LABELS) where the form has the field.
 */
const LABELS_EN: Record<string, string> = {
  uscc: 'unified social credit code',
  contract_no: TECHNOLOGY_CONTRACT_FIELD_LABELS.contractNo.en,
  direction: 'direction (EXPORT / IMPORT)',
  signed_date: `${TECHNOLOGY_CONTRACT_FIELD_LABELS.signedDate.en} (YYYY-MM-DD)`,
  mode_code: `${TECHNOLOGY_CONTRACT_FIELD_LABELS.modeCode.en} (code)`,
  foreign_party: TECHNOLOGY_CONTRACT_FIELD_LABELS.foreignParty.en,
  partner_code: `${TECHNOLOGY_CONTRACT_FIELD_LABELS.partnerCode.en} (code)`,
  tech_fee: TECHNOLOGY_CONTRACT_FIELD_LABELS.techFee.en,
  equipment_fee: `${TECHNOLOGY_CONTRACT_FIELD_LABELS.equipmentFee.en} (optional, default 0)`,
  contract_amount: `${TECHNOLOGY_CONTRACT_FIELD_LABELS.contractAmount.en} = technology fee + equipment fee`,
  currency: 'currency (USD / CNY, default USD)',
  registration_no: `${TECHNOLOGY_CONTRACT_FIELD_LABELS.registrationNo.en} (leave empty)`,
};

/** Contracts a firm may still change by import (EXCHANGE_FORMAT.md): not yet filed, or returned to it. */
const EDITABLE_CONTRACTS: readonly ContractRegistrationStatus[] = ['DRAFT', 'RETURNED'];
const CONTRACT_FILE = 'technology_contracts.csv';

/** A code-sheet column and the template columns that pick from it. */
interface CodeSheetList {
  title: string;
  list?: string;
  level?: number;
  kinds?: string[];
  /** Codes left out of the drop-down (a technology contract's foreign economy is never CN). */
  exclude?: string[];
  values?: [code: string, nameZh: string][];
  columns: string[];
}

const DIRECTIONS: CodeSheetList = {
  title: '方向',
  values: [
    ['EXPORT', '出口'],
    ['IMPORT', '进口'],
  ],
  columns: ['direction'],
};
const CURRENCIES: CodeSheetList = {
  title: '币种',
  values: [
    ['USD', '美元'],
    ['CNY', '人民币'],
  ],
  columns: ['currency'],
};

/** The lists of the return template. */
const LISTS: CodeSheetList[] = [
  { title: '服务类别', list: 'service-categories', columns: ['category_code'] },
  { title: '国别（地区）', list: 'partner-economies', columns: ['partner_code', 'client_partner_code'] },
  { title: '外包业务类别（三级）', list: 'outsourcing-categories', level: 3, columns: ['business_code'] },
  { title: '行业门类', list: 'industries', columns: ['industry_code', 'client_industry_code'] },
  { title: '企业性质', list: 'enterprise-natures', columns: ['nature_code'] },
  { title: '行政区划', list: 'regions', kinds: ['city', 'district'], columns: ['region_code'] },
  { title: '园区', list: 'regions', kinds: ['zone'], columns: ['zone_code'] },
  DIRECTIONS,
  CURRENCIES,
  {
    title: '是/否',
    values: [
      ['Y', '是'],
      ['N', '否'],
    ],
    columns: ['key_enterprise', 'offshore'],
  },
];

/** The lists of the technology contract template. */
const CONTRACT_LISTS: CodeSheetList[] = [
  DIRECTIONS,
  { title: '技术进出口方式', list: 'technology-modes', columns: ['mode_code'] },
  { title: '外方国别（地区）', list: 'partner-economies', exclude: ['CN'], columns: ['partner_code'] },
  CURRENCIES,
];

/** exceljs supports validations over a range (one XML element, not one per cell) but does not type it. */
type WithRangeValidations = ExcelJS.Worksheet & {
  dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
};

const colLetter = (n: number) => {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
};

/**
 * The Excel route to the exchange format: a template of a firm's return (one sheet per bundle file, header row =
 * the CSV column names, codes as drop-down lists, instructions in Chinese, prefilled), and the reverse: a filled
 * template becomes the same CSV files, so it gets exactly the checks and all-or-nothing import of a bundle.
 */
/** A downloaded template: its Chinese file name, the ASCII one for clients without `filename*`, the workbook. */
export interface TemplateFile {
  fileName: string;
  asciiFileName: string;
  data: Buffer;
}

@Injectable()
export class TemplateService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly returns: ReturnsService,
    private readonly exports: ExportService,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async template(user: AuthUser, returnId: string): Promise<TemplateFile> {
    const row = await this.returns.getScoped(user, returnId);
    const uscc = row.enterprise!.uscc;
    const period = row.periodCode;
    const revisions = this.ds.getRepository(ReturnRevisionEntity);
    const current = await revisions.findOneByOrFail({ returnId, revision: row.currentRevision });
    let content = current.content;
    let prefilledFrom = '本期草稿';
    if (isEmpty(content)) {
      // An empty draft starts from last quarter: its lines and headcounts, to be changed to this quarter's figures.
      const prev = await this.ds
        .getRepository(ReturnEntity)
        .findOneBy({ enterpriseId: row.enterpriseId, periodCode: previousPeriod(period) });
      const prevRev =
        prev &&
        (await revisions.findOneBy({ returnId: prev.id, revision: prev.approvedRevision ?? prev.currentRevision }));
      if (prevRev) {
        content = {
          ...content,
          servicesTrade: prevRev.content.servicesTrade,
          executions: [...prevRev.content.contracts, ...prevRev.content.executions]
            .filter((c, i, all) => all.findIndex((x) => x.contractNo === c.contractNo) === i)
            .map((c) => ({ contractNo: c.contractNo, amount: 0, currency: c.currency })),
          workforce: prevRev.content.workforce,
        };
        prefilledFrom = `上季度（${prev!.periodCode}）数据，请改为本季度实际数`;
      } else prefilledFrom = '无（空白）';
    }
    const data: ExchangeData = {
      enterprises: content.profile
        ? [
            {
              uscc,
              nameZh: content.profile.nameZh,
              regionCode: content.profile.regionCode,
              zoneCode: content.profile.zoneCode,
              natureCode: content.profile.natureCode,
              industryCode: content.profile.industryCode,
              keyEnterprise: content.profile.keyEnterprise,
            },
          ]
        : [],
      servicesTrade: content.servicesTrade.map((l) => ({ ...l, uscc, period })),
      contracts: content.contracts.map((l) => ({ ...l, uscc })),
      executions: content.executions.map((l) => ({ ...l, uscc, period })),
      workforce: content.workforce ? [{ ...content.workforce, uscc, period }] : [],
    };
    const wb = new ExcelJS.Workbook();
    wb.creator = '服务贸易与服务外包统计直报平台';
    this.guide(wb, row.enterprise!.nameZh, uscc, period, Number(current.cnyPerUsd), prefilledFrom);
    const ranges = await this.codeSheet(wb, periodBounds(period).end, LISTS);
    for (const file of RETURN_FILES) await dataSheet(wb, file, fileCells(file, data), ranges);
    stampSheet(wb, [
      ['uscc', uscc],
      ['period', period],
    ]);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    return {
      fileName: `${row.enterprise!.nameZh}-${period}-填报模板.xlsx`,
      asciiFileName: `template-${uscc}-${period}.xlsx`,
      data: buffer,
    };
  }

  /**
   * The firm's Excel template of technology contracts: one sheet of technology_contracts.csv with headers in Chinese
   * and English, modes, economies, directions and currencies as drop-down lists, prefilled with the contracts it
   * may still change (drafts, returned applications). Uploaded on the import page, its rows become registration
   * applications (drafts) all or nothing, with the checks of a bundle's technology_contracts.csv.
   */
  async contractTemplate(user: AuthUser): Promise<TemplateFile> {
    if (user.scopeKind !== 'ENTERPRISE' || !user.scopeCode) throw new AppError('FORBIDDEN');
    const firm = await this.ds.getRepository(EnterpriseEntity).findOneByOrFail({ id: user.scopeCode });
    const rows = await this.exports.contractVersions(user, { enterpriseId: firm.id }, 'current', EDITABLE_CONTRACTS);
    const wb = new ExcelJS.Workbook();
    wb.creator = '服务贸易与服务外包统计直报平台';
    this.contractGuide(wb, firm.nameZh, firm.uscc, rows.length);
    // Codes valid today (Beijing), the day the rules check a contract signed now against.
    const ranges = await this.codeSheet(wb, shanghaiDate(), CONTRACT_LISTS);
    await dataSheet(wb, CONTRACT_FILE, rows.map(contractCells), ranges, { english: true });
    stampSheet(wb, [['uscc', firm.uscc]]);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    return {
      fileName: `${firm.nameZh}-技术进出口合同模板.xlsx`,
      asciiFileName: `technology-contracts-${firm.uscc}.xlsx`,
      data: buffer,
    };
  }

  /**
   * A filled template as the CSV files of a bundle; errors when the file is not a usable workbook. The package
   * is checked first (at most IMPORT_MAX_UNCOMPRESSED_BYTES unpacked, as for a bundle, counted without keeping
   * anything), then read as a stream, sheet by sheet and row by row, at most IMPORT_MAX_ROWS_PER_FILE data rows
   * a sheet: a small upload holding hundreds of megabytes of sheet XML never reaches memory (issue 13).
   */
  async toBundleFiles(
    data: Buffer,
    fileName: string,
  ): Promise<{ ok: true; files: { name: string; data: Buffer }[] } | { ok: false; errors: ImportError[] }> {
    const fail = (error: ImportError) => ({ ok: false as const, errors: [error] });
    const notXlsx = () =>
      fail(
        xlsxError(
          'NOT_XLSX',
          `文件 ${fileName} 不是有效的 Excel 工作簿（.xlsx），请使用平台下载的模板`,
          `${fileName} is not a valid Excel workbook (.xlsx); use the template downloaded from the portal`,
        ),
      );
    const limit = this.config.IMPORT_MAX_UNCOMPRESSED_BYTES;
    const problem = await checkZipSize(data, { maxBytes: limit, maxEntries: MAX_XLSX_PARTS });
    if (problem?.kind === 'TOO_LARGE') {
      return fail(
        xlsxError(
          'XLSX_TOO_LARGE',
          `Excel 文件 ${fileName} 解压后为 ${mib(problem.bytes)}，超过 ${mib(limit)} 的上限，未读取；请使用平台下载的模板，只填写本企业数据`,
          `The Excel file ${fileName} unpacks to ${mib(problem.bytes)}, over the limit of ${mib(limit)}, and was not read; use the template downloaded from the portal with your firm's data only`,
        ),
      );
    }
    if (problem?.kind === 'TOO_MANY_ENTRIES') {
      return fail(
        xlsxError(
          'XLSX_TOO_LARGE',
          `Excel 文件 ${fileName} 包含 ${problem.count} 个部件，超过 ${MAX_XLSX_PARTS} 个的上限，未读取；请使用平台下载的模板`,
          `The Excel file ${fileName} has ${problem.count} parts, over the limit of ${MAX_XLSX_PARTS}, and was not read; use the template downloaded from the portal`,
        ),
      );
    }
    if (problem) return notXlsx();
    const maxRows = this.config.IMPORT_MAX_ROWS_PER_FILE;
    const sheets = new Map<BundleFileName, string[][]>();
    let revision: string | null = null;
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([data]), {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    try {
      for await (const sheet of reader) {
        // The reader names a sheet from the workbook part (exceljs's types leave the name out).
        const ws = sheet as ExcelJS.stream.xlsx.WorksheetReader & { name?: string };
        const file = BUNDLE_FILES.find((f) => sheetOf(f) === ws.name);
        const rows: string[][] = [];
        // Every sheet is read to its end (the package is one stream); only the template's sheets are kept.
        for await (const row of ws) {
          if (ws.name === STAMP_SHEET && row.number === 1) {
            const [, label, value] = row.values as ExcelJS.CellValue[];
            if (cellText(label) === 'template_revision') revision = cellText(value);
          }
          if (!file) continue;
          if (row.number > maxRows + 1) {
            return fail({
              ...xlsxError(
                'TOO_MANY_ROWS',
                `工作表 ${ws.name} 超过 ${maxRows} 行数据的上限，未导入`,
                `Sheet ${ws.name} exceeds the limit of ${maxRows} data rows and was not imported`,
              ),
              file: ws.name ?? null,
            });
          }
          const values = row.values as ExcelJS.CellValue[];
          const cells: string[] = [];
          for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
          while (cells.length && cells[cells.length - 1] === '') cells.pop();
          // Keep empty rows in place so CSV line numbers stay equal to sheet row numbers.
          rows[row.number - 1] = cells;
        }
        if (file) sheets.set(file, rows);
      }
    } catch {
      return notXlsx();
    }
    if (sheets.size && revision !== TEMPLATE_REVISION) {
      return fail(
        xlsxError(
          'TEMPLATE_OUTDATED',
          `Excel 文件 ${fileName} 的模板版本为 ${revision ?? '（无版本标记）'}，当前模板版本为 ${TEMPLATE_REVISION}，未导入；请在平台重新下载模板，把数据复制到新模板后再上传`,
          `The Excel file ${fileName} is of template revision ${revision ?? '(none)'}, the current one is ${TEMPLATE_REVISION}; it was not imported. Download the template again from the portal, copy your data into it and upload that`,
        ),
      );
    }
    const files: { name: string; data: Buffer }[] = [];
    for (const file of BUNDLE_FILES) {
      const rows = sheets.get(file);
      if (!rows || (rows.length <= 1 && !rows[0]?.length)) continue;
      // The Chinese header row becomes an empty line of the CSV: skipped by the reader, line numbers kept.
      rows[FIRST_DATA_ROW - 2] = [];
      const header = rows[0] ?? [];
      const filled = Array.from({ length: rows.length }, (_, i) => rows[i] ?? []).map((r) =>
        header.map((_, j) => r[j] ?? ''),
      );
      files.push({ name: file, data: Buffer.from(stringify(filled, { record_delimiter: 'unix' }), 'utf8') });
    }
    if (!files.length) {
      return fail(
        xlsxError(
          'EMPTY_TEMPLATE',
          '工作簿中没有模板工作表（enterprises、services_trade、technology_contracts 等）',
          'The workbook has none of the template sheets (enterprises, services_trade, technology_contracts, ...)',
        ),
      );
    }
    return { ok: true, files };
  }

  private guide(wb: ExcelJS.Workbook, name: string, uscc: string, period: string, rate: number, prefilled: string) {
    guideSheet(wb, [
      `${name}（${uscc}）${period} 季度报表 Excel 填报模板`,
      '',
      `预填内容：${prefilled}。`,
      '1. 每个工作表对应一个数据文件：enterprises 企业基本情况，services_trade 服务进出口，outsourcing_contracts 本季度签订的服务外包合同，outsourcing_executions 合同本季度执行情况，workforce 期末从业人员。',
      '2. 第二行为中文列名（橙色必填，灰色选填），从第三行起填写数据；列名行受保护，数据区无需密码即可填写。隐藏的第一行为交换格式的字段名，请勿修改；错误提示中的字段名即指该列，鼠标停在列名上可看到。',
      `3. 每行须填写统一社会信用代码（本企业：${uscc}）和报告期（${period}）；合同按签约日期所在季度计入。`,
      `4. 代码请从下拉列表选择，代码含义见“${CODE_SHEET}”工作表；与中国内地以外（含港澳台）的客户签订的合同为离岸合同。`,
      `5. 金额单位为元（CNY）或美元（USD），最多两位小数；人数为整数；日期按 YYYY-MM-DD 填写。本期折算汇率 1 美元 = ${rate} 元。`,
      '6. 填好后在平台“导入”页面上传本文件。平台按与 CSV 交换格式完全相同的规则检查：有任何错误则整份文件不导入，并列出工作表、行号、列名和原因。',
      '7. 上传的数据写入本期草稿，核对无误后在平台上报。',
      `8. 模板版本 ${TEMPLATE_REVISION}。平台更新模板后，旧版本模板不能再导入，请重新下载。`,
    ]);
  }

  private contractGuide(wb: ExcelJS.Workbook, name: string, uscc: string, prefilled: number) {
    const file = sheetOf(CONTRACT_FILE);
    guideSheet(wb, [
      `${name}（${uscc}）技术进出口合同 Excel 登记模板 / Excel template of technology import and export contracts`,
      '',
      prefilled
        ? `预填内容：本企业尚未提交或被退回的 ${prefilled} 份合同。Prefilled: your ${prefilled} contract(s) not yet filed or returned to you.`
        : '预填内容：无（本企业没有尚未提交或被退回的合同）。Prefilled: none (no contract of yours is a draft or returned).',
      `1. 在工作表 ${file} 中每行填写一份合同，第二行为中英文列名（橙色必填，灰色选填），从第三行起填写。One contract per row of sheet ${file}, from row 3; row 2 names the columns (orange: required, grey: optional).`,
      `2. 每行须填写本企业统一社会信用代码 ${uscc}；合同编号在本企业内唯一。Every row carries your USCC ${uscc}; contract numbers are unique within your firm.`,
      `3. 方向、技术进出口方式、外方国别（地区）和币种请从下拉列表选择，含义见“${CODE_SHEET}”。外方国别不能为中国（CN）。Pick direction, mode, economy and currency from the drop-down lists (see sheet ${CODE_SHEET}); the foreign economy is never CN.`,
      '4. 合同金额 = 技术费 + 设备费，精确到分；金额单位为元（CNY）或美元（USD）；日期按 YYYY-MM-DD 填写，且不得晚于今天。Contract value = technology fee + equipment fee to the cent; amounts in CNY or USD; dates as YYYY-MM-DD, not in the future.',
      '5. 在平台“数据导入”页面上传本文件：有任何错误则整份文件不导入，并以中英文列出工作表、行号、列名和原因；无误时各行成为合同登记申请草稿，逐份核对后提交登记。Upload this file on the import page: any error refuses the whole file and lists sheet, row, column and reason in Chinese and English; otherwise each row becomes a draft registration application for you to check and file.',
      '6. 已提交登记或已登记的合同不能通过导入修改，请在平台申请变更。Contracts already filed or registered cannot be changed by import; apply for a change in the portal.',
      `7. 模板版本 ${TEMPLATE_REVISION}。平台更新模板后，旧版本模板不能再导入，请重新下载。Template revision ${TEMPLATE_REVISION}; download it again after the portal updates it.`,
    ]);
  }

  /** Writes the code sheet; returns, per template column, the range its drop-down list takes values from. */
  private async codeSheet(wb: ExcelJS.Workbook, day: string, lists: CodeSheetList[]): Promise<Map<string, string>> {
    const ws = wb.addWorksheet(CODE_SHEET);
    const items = await this.ds
      .getRepository(CodeItemEntity)
      .createQueryBuilder('c')
      .where({ list: In(lists.filter((l) => l.list).map((l) => l.list!)) })
      .andWhere('c.validFrom <= :day AND (c.validTo IS NULL OR c.validTo >= :day)', { day })
      .orderBy('c.sortOrder')
      .addOrderBy('c.code')
      .getMany();
    const ranges = new Map<string, string>();
    lists.forEach((l, i) => {
      const codeCol = i * 2 + 1;
      const rows: [string, string][] = l.values
        ? l.values
        : items
            .filter((c) => c.list === l.list)
            .filter((c) => l.level === undefined || c.level === l.level)
            .filter((c) => !l.kinds || l.kinds.includes(String(c.attrs.kind)))
            .filter((c) => !l.exclude?.includes(c.code))
            .filter((c) => l.list !== 'service-categories' || c.attrs.provincial === true)
            .map((c) => [c.code, c.nameZh]);
      ws.getCell(1, codeCol).value = `${l.title}代码`;
      ws.getCell(1, codeCol + 1).value = '名称';
      ws.getCell(1, codeCol).font = { bold: true };
      ws.getColumn(codeCol).width = 12;
      ws.getColumn(codeCol + 1).width = 24;
      rows.forEach(([code, name], r) => {
        ws.getCell(r + 2, codeCol).value = code;
        ws.getCell(r + 2, codeCol + 1).value = name;
      });
      const letter = colLetter(codeCol);
      const range = `'${CODE_SHEET}'!$${letter}$2:$${letter}$${rows.length + 1}`;
      for (const column of l.columns) ranges.set(column, range);
    });
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, autoFilter: true, sort: true });
    return ranges;
  }
}

/** The instructions sheet: a title line, then one paragraph a row. */
function guideSheet(wb: ExcelJS.Workbook, lines: string[]): void {
  const ws = wb.addWorksheet(GUIDE_SHEET);
  ws.getColumn(1).width = 110;
  lines.forEach((text, i) => {
    const cell = ws.getCell(i + 1, 1);
    cell.value = text;
    cell.alignment = { wrapText: true, vertical: 'top' };
    if (i === 0) cell.font = { bold: true, size: 14 };
  });
}

/** The hidden sheet with the template revision (checked on upload) and what the template was made for. */
function stampSheet(wb: ExcelJS.Workbook, rows: [string, string][]): void {
  const stamp = wb.addWorksheet(STAMP_SHEET, { state: 'hidden' });
  stamp.addRow(['template_revision', TEMPLATE_REVISION]);
  for (const row of rows) stamp.addRow(row);
}

/** A contract's current version as cells of technology_contracts.csv; a draft's empty fields stay empty. */
function contractCells(r: ContractVersionRow): string[] {
  const amount = (v: string | null) => (v === null ? '' : formatAmount(Number(v)));
  const cells: Record<string, string> = {
    uscc: r.uscc,
    contract_no: r.contract_no,
    direction: r.direction,
    signed_date: r.signed_date ?? '',
    mode_code: r.mode_code ?? '',
    foreign_party: r.foreign_party ?? '',
    partner_code: r.partner_code ?? '',
    tech_fee: amount(r.tech_fee),
    equipment_fee: amount(r.equipment_fee),
    contract_amount: amount(r.contract_amount),
    currency: r.currency ?? '',
    registration_no: r.registration_no ?? '',
  };
  return COLUMNS[CONTRACT_FILE].map((c) => cells[c.name]);
}

const AMOUNTS = new Set(['amount', 'contract_amount', 'executed_amount', 'tech_fee', 'equipment_fee']);
const COUNTS = new Set(['junior_college', 'bachelor', 'master', 'doctor', 'other', 'new_hires', 'new_hires_graduates']);
const DATES = new Set(['signed_date']);

/** The number format and the Excel validation of a column that is not picked from the code sheet. */
function typedColumn(name: string): { numFmt?: string; validation?: ExcelJS.DataValidation } {
  const common = { allowBlank: true, showErrorMessage: true, errorStyle: 'stop' as const };
  if (AMOUNTS.has(name)) {
    return {
      numFmt: '#,##0.00',
      validation: {
        ...common,
        type: 'decimal',
        operator: 'between',
        formulae: [0, AMOUNT_LIMIT - 0.01],
        errorTitle: '金额无效',
        error: `请填写 0 至 ${AMOUNT_LIMIT - 0.01} 之间、最多两位小数的金额`,
      },
    };
  }
  if (COUNTS.has(name)) {
    return {
      numFmt: '#,##0',
      validation: {
        ...common,
        type: 'whole',
        operator: 'between',
        formulae: [0, COUNT_MAX],
        errorTitle: '人数无效',
        error: `请填写 0 至 ${COUNT_MAX} 之间的整数`,
      },
    };
  }
  if (DATES.has(name)) {
    return {
      numFmt: 'yyyy-mm-dd',
      validation: {
        ...common,
        type: 'date',
        operator: 'between',
        formulae: [new Date(Date.UTC(PERIOD_YEAR_MIN, 0, 1)), new Date(Date.UTC(PERIOD_YEAR_MAX, 11, 31))],
        errorTitle: '日期无效',
        error: `请按 YYYY-MM-DD 填写 ${PERIOD_YEAR_MIN} 至 ${PERIOD_YEAR_MAX} 年之间的日期`,
      },
    };
  }
  return {};
}

/**
 * One sheet of a bundle file: the exchange format's column names in a hidden first row (what the importer reads),
 * the Chinese headers (and English, `english`) in the second (frozen, locked), the firm's rows from the third. Data cells are unlocked, so
 * the sheet is protected without a password and filling it needs none; codes are drop-downs from the code sheet,
 * amounts, counts and dates are checked by Excel as they are typed.
 */
async function dataSheet(
  wb: ExcelJS.Workbook,
  file: BundleFileName,
  rows: string[][],
  ranges: Map<string, string>,
  opts: { english?: boolean } = {},
): Promise<void> {
  const header = (name: string) => (opts.english ? `${LABELS[name]}\n${LABELS_EN[name]}` : LABELS[name]);
  const ws = wb.addWorksheet(sheetOf(file), { views: [{ state: 'frozen', ySplit: FIRST_DATA_ROW - 1 }] });
  const cols = COLUMNS[file];
  ws.columns = cols.map((c) => {
    const { numFmt } = typedColumn(c.name);
    return {
      key: c.name,
      width: Math.max(14, LABELS[c.name].length * 2, opts.english ? Math.min(36, LABELS_EN[c.name].length) : 0),
      style: { protection: { locked: false }, ...(numFmt ? { numFmt } : {}) },
    };
  });
  const names = ws.getRow(1);
  names.values = cols.map((c) => c.name);
  names.hidden = true;
  const headers = ws.getRow(2);
  headers.values = cols.map((c) => header(c.name));
  headers.height = opts.english ? 48 : 32;
  cols.forEach((c, i) => {
    for (const row of [names, headers]) row.getCell(i + 1).protection = { locked: true };
    const cell = headers.getCell(i + 1);
    cell.font = { bold: true };
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: c.required ? 'FFFCE4D6' : 'FFEDEDED' } };
    cell.note = `字段名 ${c.name}${c.required ? '（必填）' : '（选填）'}`;
  });
  for (const cells of rows) ws.addRow(cells.map((v, i) => cellValue(cols[i].name, v)));
  cols.forEach((c, i) => {
    const letter = colLetter(i + 1);
    const range = ranges.get(c.name);
    const validation: ExcelJS.DataValidation | undefined = range
      ? {
          type: 'list',
          allowBlank: !c.required,
          formulae: [range],
          showErrorMessage: true,
          errorTitle: '代码无效',
          error: `请从“${CODE_SHEET}”中选择 ${LABELS[c.name]}`,
        }
      : typedColumn(c.name).validation;
    if (validation) {
      (ws as WithRangeValidations).dataValidations.add(
        `${letter}${FIRST_DATA_ROW}:${letter}${LAST_INPUT_ROW}`,
        validation,
      );
    }
  });
  await ws.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    insertRows: true,
    deleteRows: true,
    sort: true,
    autoFilter: true,
  });
}

/**
 * Numbers go in as numbers and dates as dates; text that a spreadsheet would run as a formula is stored as a plain
 * string value.
 */
function cellValue(column: string, text: string): string | number | Date {
  if (text === '') return text;
  if (AMOUNTS.has(column) || COUNTS.has(column)) return Number(text);
  if (DATES.has(column) && isIsoDate(text)) return new Date(`${text}T00:00:00Z`);
  return text;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'Y' : 'N';
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('formula' in v || 'sharedFormula' in v) return cellText((v as { result?: ExcelJS.CellValue }).result ?? null);
  if ('text' in v) return String(v.text);
  if ('error' in v) return String(v.error);
  return '';
}

function isEmpty(c: ReturnContent): boolean {
  return !c.servicesTrade.length && !c.contracts.length && !c.executions.length && !c.workforce;
}

function xlsxError(code: string, zh: string, en: string): ImportError {
  return { file: null, line: null, column: null, value: null, code, message_zh: zh, message_en: en };
}
