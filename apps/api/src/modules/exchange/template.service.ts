import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { Readable } from 'node:stream';
import { DataSource, In } from 'typeorm';
import {
  checkZipSize,
  COLUMNS,
  fileCells,
  RETURN_FILES,
  type BundleFileName,
  type ExchangeData,
} from '@portal/exchange';
import { periodBounds, previousPeriod, type ReturnContent } from '@portal/shared';
import type { AuthUser } from '../../core/auth/auth-user';
import { CONFIG, type AppConfig } from '../../core/config/config';
import { CodeItemEntity } from '../codes/code-item.entity';
import { ReturnEntity, ReturnRevisionEntity } from '../returns/return.entity';
import { ReturnsService } from '../returns/returns.service';
import type { ImportError } from './import-job.entity';

const CODE_SHEET = '代码表';
const GUIDE_SHEET = '填报说明';
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
};

/** Code-sheet columns and the template columns that pick from them. */
const LISTS: {
  title: string;
  list?: string;
  level?: number;
  kinds?: string[];
  values?: string[];
  columns: string[];
}[] = [
  { title: '服务类别', list: 'service-categories', columns: ['category_code'] },
  { title: '国别（地区）', list: 'partner-economies', columns: ['partner_code', 'client_partner_code'] },
  { title: '外包业务类别（三级）', list: 'outsourcing-categories', level: 3, columns: ['business_code'] },
  { title: '行业门类', list: 'industries', columns: ['industry_code', 'client_industry_code'] },
  { title: '企业性质', list: 'enterprise-natures', columns: ['nature_code'] },
  { title: '行政区划', list: 'regions', kinds: ['city', 'district'], columns: ['region_code'] },
  { title: '园区', list: 'regions', kinds: ['zone'], columns: ['zone_code'] },
  { title: '方向', values: ['EXPORT', 'IMPORT'], columns: ['direction'] },
  { title: '币种', values: ['USD', 'CNY'], columns: ['currency'] },
  { title: '是/否', values: ['Y', 'N'], columns: ['key_enterprise', 'offshore'] },
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
@Injectable()
export class TemplateService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly returns: ReturnsService,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async template(user: AuthUser, returnId: string): Promise<{ fileName: string; data: Buffer }> {
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
    const ranges = await this.codeSheet(wb, period);
    for (const file of RETURN_FILES) {
      const ws = wb.addWorksheet(sheetOf(file), { views: [{ state: 'frozen', ySplit: 1 }] });
      const cols = COLUMNS[file];
      ws.columns = cols.map((c) => ({ header: c.name, key: c.name, width: Math.max(14, LABELS[c.name].length * 2) }));
      cols.forEach((c, i) => {
        const cell = ws.getCell(1, i + 1);
        cell.font = { bold: true };
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: c.required ? 'FFFCE4D6' : 'FFEDEDED' } };
        cell.note = `${LABELS[c.name]}${c.required ? '（必填）' : '（选填）'}`;
      });
      for (const cells of fileCells(file, data)) ws.addRow(cells.map((v, i) => cellValue(cols[i].name, v)));
      cols.forEach((c, i) => {
        const range = ranges.get(c.name);
        if (!range) return;
        const letter = colLetter(i + 1);
        (ws as WithRangeValidations).dataValidations.add(`${letter}2:${letter}2000`, {
          type: 'list',
          allowBlank: !c.required,
          formulae: [range],
          showErrorMessage: true,
          errorTitle: '代码无效',
          error: `请从“${CODE_SHEET}”中选择 ${LABELS[c.name]}`,
        });
      });
    }
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    return { fileName: `template-${uscc}-${period}.xlsx`, data: buffer };
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
        const file = RETURN_FILES.find((f) => sheetOf(f) === ws.name);
        const rows: string[][] = [];
        // Every sheet is read to its end (the package is one stream); only the template's sheets are kept.
        for await (const row of ws) {
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
    const files: { name: string; data: Buffer }[] = [];
    for (const file of RETURN_FILES) {
      const rows = sheets.get(file);
      if (!rows || (rows.length <= 1 && !rows[0]?.length)) continue;
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
          '工作簿中没有模板工作表（enterprises、services_trade 等）',
          'The workbook has none of the template sheets (enterprises, services_trade, ...)',
        ),
      );
    }
    return { ok: true, files };
  }

  private guide(wb: ExcelJS.Workbook, name: string, uscc: string, period: string, rate: number, prefilled: string) {
    const ws = wb.addWorksheet(GUIDE_SHEET);
    ws.getColumn(1).width = 110;
    const lines = [
      `${name}（${uscc}）${period} 季度报表 Excel 填报模板`,
      '',
      `预填内容：${prefilled}。`,
      '1. 每个工作表对应一个数据文件：enterprises 企业基本情况，services_trade 服务进出口，outsourcing_contracts 本季度签订的服务外包合同，outsourcing_executions 合同本季度执行情况，workforce 期末从业人员。',
      '2. 第一行为列名，请勿修改；鼠标停在列名上可看到中文说明。橙色列必填，灰色列选填。',
      `3. 每行须填写统一社会信用代码（本企业：${uscc}）和报告期（${period}）；合同按签约日期所在季度计入。`,
      `4. 代码请从下拉列表选择，代码含义见“${CODE_SHEET}”工作表；与中国内地以外（含港澳台）的客户签订的合同为离岸合同。`,
      `5. 金额单位为元（CNY）或美元（USD），最多两位小数，不要使用千位分隔符；本期折算汇率 1 美元 = ${rate} 元。`,
      '6. 填好后在平台“导入”页面上传本文件。平台按与 CSV 交换格式完全相同的规则检查：有任何错误则整份文件不导入，并列出工作表、行号、列名和原因。',
      '7. 上传的数据写入本期草稿，核对无误后在平台上报。',
    ];
    lines.forEach((text, i) => {
      const cell = ws.getCell(i + 1, 1);
      cell.value = text;
      cell.alignment = { wrapText: true, vertical: 'top' };
      if (i === 0) cell.font = { bold: true, size: 14 };
    });
  }

  /** Writes the code sheet; returns, per template column, the range its drop-down list takes values from. */
  private async codeSheet(wb: ExcelJS.Workbook, period: string): Promise<Map<string, string>> {
    const ws = wb.addWorksheet(CODE_SHEET);
    const day = periodBounds(period).end;
    const items = await this.ds
      .getRepository(CodeItemEntity)
      .createQueryBuilder('c')
      .where({ list: In(LISTS.filter((l) => l.list).map((l) => l.list!)) })
      .andWhere('c.validFrom <= :day AND (c.validTo IS NULL OR c.validTo >= :day)', { day })
      .orderBy('c.sortOrder')
      .addOrderBy('c.code')
      .getMany();
    const ranges = new Map<string, string>();
    LISTS.forEach((l, i) => {
      const codeCol = i * 2 + 1;
      const rows: [string, string][] = l.values
        ? l.values.map((v) => [v, ''])
        : items
            .filter((c) => c.list === l.list)
            .filter((c) => l.level === undefined || c.level === l.level)
            .filter((c) => !l.kinds || l.kinds.includes(String(c.attrs.kind)))
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
    return ranges;
  }
}

const NUMERIC = new Set([
  'amount',
  'contract_amount',
  'executed_amount',
  'junior_college',
  'bachelor',
  'master',
  'doctor',
  'other',
  'new_hires',
  'new_hires_graduates',
]);

/** Numbers go in as numbers; text that a spreadsheet would run as a formula is stored as a plain string value. */
function cellValue(column: string, text: string): string | number {
  return NUMERIC.has(column) && text !== '' ? Number(text) : text;
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
