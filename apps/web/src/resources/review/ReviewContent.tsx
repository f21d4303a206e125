import type { CellDiff, CommentInput, FindingView, ReturnContent, ReviewCommentView } from '@portal/shared';
import ChatIcon from '@mui/icons-material/ChatBubbleOutlined';
import WarningIcon from '@mui/icons-material/ReportProblemOutlined';
import {
  Alert,
  Box,
  ButtonBase,
  Card,
  CardContent,
  Chip,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@mui/material';
import type { ReactNode } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';
import { cellPathLabel, fieldLabel, languageOf, type Language } from '../validation/cellLabels';
import { cellChange, type DiffMap } from './diffMap';
import { changeRate, formatReviewValue, type CodeNames } from './priorPeriods';
import type { PriorColumn, PriorPeriods } from './usePriorPeriods';

const LINE_COLUMNS = {
  servicesTrade: ['categoryCode', 'partnerCode', 'direction', 'amount', 'currency'],
  contracts: [
    'contractNo',
    'signedDate',
    'clientName',
    'clientPartnerCode',
    'clientIndustryCode',
    'businessCode',
    'offshore',
    'amount',
    'currency',
  ],
  executions: ['contractNo', 'amount', 'currency'],
} as const;
type LineSection = keyof typeof LINE_COLUMNS;

const OBJECT_FIELDS = {
  profile: [
    'nameZh',
    'regionCode',
    'zoneCode',
    'natureCode',
    'industryCode',
    'keyEnterprise',
    'advancedTech',
    'confirmed',
  ],
  workforce: ['juniorCollege', 'bachelor', 'master', 'doctor', 'other', 'newHires', 'newHiresGraduates'],
} as const;
type ObjectSection = keyof typeof OBJECT_FIELDS;

const ORDER: (LineSection | ObjectSection)[] = ['profile', 'servicesTrade', 'contracts', 'executions', 'workforce'];

/** A cell picked to comment on: its path, the value it holds now, and its label. */
export interface PickedCell {
  path: string;
  value: unknown;
  label: string;
  /** Whole lines take a comment but no proposed value. */
  row: boolean;
}

interface Props {
  content: ReturnContent;
  diff: DiffMap | null;
  findings: Map<string, FindingView[]>;
  /** Comments of earlier rounds, by path. */
  comments: Map<string, ReviewCommentView[]>;
  /** Comments pinned now, to be sent with 退回企业. */
  pending: readonly CommentInput[];
  /** Set when the reviewer may comment: cells become buttons. */
  onPick?: (cell: PickedCell) => void;
  /** Code lists for names beside codes. */
  names?: CodeNames;
  /** The same quarter last year and the quarter before, beside each figure. */
  prior?: PriorPeriods | null;
}

/**
 * The return's content section by section in read-only tables, as the reviewer checks it: codes with their names,
 * each figure beside the same quarter last year and the quarter before, changed cells since the returned revision
 * highlighted (before → after), findings and comments marked at their cells, and (while the return waits for this
 * reviewer) every cell and line a button that pins a comment to it.
 */
export function ReviewContent(props: Props) {
  const translate = useTranslate();
  const [locale = 'zh-CN'] = useLocaleState();
  const language = languageOf(locale);
  const { content } = props;
  return (
    <Stack spacing={2}>
      {content.zeroReturn && <Alert severity="info">{translate('review.screen.zero_return')}</Alert>}
      {ORDER.map((section, i) => (
        <Card key={section} variant="outlined" component="section" aria-labelledby={`section-${section}`}>
          <CardContent>
            <Typography id={`section-${section}`} variant="h6" component="h2" gutterBottom>
              {`${i + 1}. ${cellPathLabel(section, language)}`}
              {props.diff?.sections.has(section) && (
                <Chip size="small" color="warning" label={translate('review.diff.section_changed')} sx={{ ml: 1 }} />
              )}
            </Typography>
            {section === 'profile' || section === 'workforce' ? (
              <ObjectTable section={section} language={language} {...props} />
            ) : (
              <LineTable section={section} language={language} {...props} />
            )}
          </CardContent>
        </Card>
      ))}
    </Stack>
  );
}

type TableProps<S> = Props & { section: S; language: Language };

function ObjectTable({ section, language, ...props }: TableProps<ObjectSection>) {
  const translate = useTranslate();
  const values = props.content[section] as Record<string, unknown> | null;
  const whole = props.diff?.wholeSections.get(section);
  if (!values) {
    return (
      <Typography color="text.secondary">
        {translate('review.screen.empty_section')}
        {whole?.kind === 'removed' && ` ${translate('review.diff.removed_section')}`}
      </Typography>
    );
  }
  const prior = section === 'workforce' ? props.prior : null;
  return (
    <Table size="small" sx={{ maxWidth: prior ? 960 : 720 }}>
      {prior && (
        <TableHead>
          <TableRow>
            <TableCell />
            <TableCell>{translate('cycle.prior.this_period')}</TableCell>
            <PriorHeads prior={prior} />
          </TableRow>
        </TableHead>
      )}
      <TableBody>
        {OBJECT_FIELDS[section].map((field) => (
          <TableRow key={field}>
            <TableCell component="th" scope="row" sx={{ width: '40%' }}>
              {fieldLabel(field, language)}
            </TableCell>
            <ReviewCell
              {...props}
              language={language}
              path={`${section}.${field}`}
              rowPath={null}
              field={field}
              value={values[field]}
            />
            {prior && (
              <PriorCells prior={prior} path={`${section}.${field}`} value={values[field]} language={language} />
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function LineTable({ section, language, ...props }: TableProps<LineSection>) {
  const translate = useTranslate();
  const lines = props.content[section] as unknown as Record<string, unknown>[];
  const removed = props.diff?.removedRows.filter((r) => r.section === section) ?? [];
  const columns = LINE_COLUMNS[section];
  if (!lines.length && !removed.length) {
    return <Typography color="text.secondary">{translate('review.screen.empty_section')}</Typography>;
  }
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>{translate('review.screen.line')}</TableCell>
            {columns.map((c) => (
              <TableCell key={c}>{fieldLabel(c, language)}</TableCell>
            ))}
            {props.prior && <PriorHeads prior={props.prior} />}
          </TableRow>
        </TableHead>
        <TableBody>
          {lines.map((line, i) => {
            const rowPath = `${section}[${i}]`;
            const rowLabel = cellPathLabel(rowPath, language, props.content);
            return (
              <TableRow key={rowPath} data-path={rowPath}>
                <MarkedCell
                  {...props}
                  language={language}
                  path={rowPath}
                  label={rowLabel}
                  highlight={props.diff?.addedRows.has(rowPath) ? 'added' : null}
                  onPick={
                    props.onPick && (() => props.onPick?.({ path: rowPath, value: line, label: rowLabel, row: true }))
                  }
                >
                  {i + 1}
                </MarkedCell>
                {columns.map((field) => (
                  <ReviewCell
                    key={field}
                    {...props}
                    language={language}
                    path={`${rowPath}.${field}`}
                    rowPath={rowPath}
                    field={field}
                    value={line[field]}
                  />
                ))}
                {props.prior && (
                  <PriorCells prior={props.prior} path={`${rowPath}.amount`} value={line.amount} language={language} />
                )}
              </TableRow>
            );
          })}
          {removed.map((r) => (
            <RemovedRow
              key={r.path}
              change={r}
              columns={columns}
              language={language}
              names={props.names}
              priorColumns={props.prior ? 2 : 0}
            />
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

function RemovedRow({
  change,
  columns,
  language,
  names,
  priorColumns,
}: {
  change: CellDiff;
  columns: readonly string[];
  language: Language;
  names?: CodeNames;
  priorColumns: number;
}) {
  const translate = useTranslate();
  const before = (change.before ?? {}) as Record<string, unknown>;
  return (
    <TableRow
      data-diff="removed"
      sx={{ bgcolor: 'error.50', '& td': { textDecoration: 'line-through', color: 'error.dark' } }}
    >
      <TableCell>
        <Tooltip title={translate('review.diff.removed_line')}>
          <span>−</span>
        </Tooltip>
      </TableCell>
      {columns.map((field) => (
        <TableCell key={field}>{formatReviewValue(before[field], language, field, names)}</TableCell>
      ))}
      {priorColumns > 0 && <TableCell colSpan={priorColumns} />}
    </TableRow>
  );
}

function PriorHeads({ prior }: { prior: PriorPeriods }) {
  const translate = useTranslate();
  const head = (key: 'year' | 'quarter', column: PriorColumn) => (
    <TableCell key={key} sx={{ color: 'text.secondary' }}>
      {translate(`cycle.prior.${key}`, { period: column.periodCode })}
      {!column.figures && ` · ${translate('cycle.prior.none')}`}
    </TableCell>
  );
  return (
    <>
      {head('year', prior.year)}
      {head('quarter', prior.quarter)}
    </>
  );
}

/** The earlier figures of one cell, in grey beside it; last year's with the change on it on hover. */
function PriorCells({
  prior,
  path,
  value,
  language,
}: {
  prior: PriorPeriods;
  path: string;
  value: unknown;
  language: Language;
}) {
  const translate = useTranslate();
  const cell = (key: 'year' | 'quarter', column: PriorColumn) => {
    const before = column.figures?.get(path);
    const rate = key === 'year' ? changeRate(value, before) : null;
    return (
      <TableCell
        key={key}
        data-prior={key}
        data-prior-of={path}
        sx={{ color: 'text.secondary', whiteSpace: 'nowrap' }}
        title={rate ? translate('cycle.prior.change', { change: rate }) : undefined}
      >
        {before === undefined ? '—' : formatReviewValue(before, language)}
      </TableCell>
    );
  };
  return (
    <>
      {cell('year', prior.year)}
      {cell('quarter', prior.quarter)}
    </>
  );
}

const HIGHLIGHT = {
  changed: { bgcolor: '#fff3cd', boxShadow: 'inset 3px 0 0 #ed6c02' },
  added: { bgcolor: '#e6f4ea', boxShadow: 'inset 3px 0 0 #2e7d32' },
} as const;

type CellProps = Props & { language: Language; path: string; rowPath: string | null; field: string; value: unknown };

function ReviewCell({ path, rowPath, field, value, language, ...props }: CellProps) {
  const translate = useTranslate();
  const change = props.diff ? cellChange(props.diff, path, rowPath, value) : null;
  const label = cellPathLabel(path, language, props.content);
  const shown = formatReviewValue(value, language, field, props.names);
  return (
    <MarkedCell
      {...props}
      language={language}
      path={path}
      label={label}
      highlight={change?.kind ?? null}
      onPick={props.onPick && (() => props.onPick?.({ path, value, label, row: false }))}
    >
      {change?.kind === 'changed' ? (
        <span
          aria-label={translate('review.diff.changed_cell', {
            before: formatReviewValue(change.before, language, field, props.names),
            after: shown,
          })}
        >
          <Box component="s" sx={{ color: 'text.secondary', mr: 0.5 }}>
            {formatReviewValue(change.before, language, field, props.names)}
          </Box>
          → <strong>{shown}</strong>
        </span>
      ) : (
        shown
      )}
    </MarkedCell>
  );
}

function MarkedCell({
  path,
  label,
  highlight,
  onPick,
  findings,
  comments,
  pending,
  children,
}: Omit<Props, 'onPick'> & {
  language: Language;
  path: string;
  label: string;
  highlight: 'changed' | 'added' | null;
  onPick?: () => void;
  children: ReactNode;
}) {
  const translate = useTranslate();
  const [locale = 'zh-CN'] = useLocaleState();
  const zh = languageOf(locale) === 'zh';
  const here = findings.get(path) ?? [];
  const earlier = comments.get(path) ?? [];
  const pinned = pending.find((c) => c.path === path);
  const worst = here.some((f) => f.severity === 'BLOCKING')
    ? 'error'
    : here.some((f) => f.severity === 'EXPLAIN')
      ? 'warning'
      : 'info';
  return (
    <TableCell
      data-path={path}
      data-diff={highlight ?? undefined}
      sx={{
        whiteSpace: 'nowrap',
        ...(highlight ? HIGHLIGHT[highlight] : {}),
        ...(pinned ? { outline: '2px solid', outlineColor: 'primary.main', outlineOffset: -2 } : {}),
      }}
    >
      <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center' }}>
        {onPick ? (
          <ButtonBase
            onClick={onPick}
            aria-label={translate('review.screen.pin_cell', { cell: label })}
            title={translate('review.screen.pin_hint')}
            sx={{
              font: 'inherit',
              textAlign: 'left',
              borderRadius: 0.5,
              px: 0.5,
              '&:hover': { bgcolor: 'action.hover' },
            }}
          >
            {children}
          </ButtonBase>
        ) : (
          <span>{children}</span>
        )}
        {here.length > 0 && (
          <Tooltip title={here.map((f) => `${f.ruleId}：${zh ? f.message_zh : f.message_en}`).join('\n')}>
            <WarningIcon
              fontSize="small"
              color={worst}
              aria-label={translate('review.screen.findings_here', { smart_count: here.length })}
            />
          </Tooltip>
        )}
        {(earlier.length > 0 || pinned) && (
          <Tooltip
            title={[...earlier.map((c) => `${c.authorUsername}：${c.text}`), ...(pinned ? [pinned.text] : [])].join(
              '\n',
            )}
          >
            <ChatIcon
              fontSize="small"
              color={pinned ? 'primary' : 'action'}
              aria-label={translate('review.screen.comments_here')}
            />
          </Tooltip>
        )}
      </Stack>
    </TableCell>
  );
}
