import type { Coverage, OfficialTableView, TableRow as Row } from '@portal/shared';
import { Box, Chip, Stack, Tooltip, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { coverageState, headerGrid, isTextCell, percent } from './tableView';

const BORDER = '1px solid';

/** 已审核 n / 待审核 m, with the share in a tooltip; amber when returns are still waiting for review. */
export function CoverageBadge({ coverage }: { coverage: Coverage }) {
  const translate = useTranslate();
  const state = coverageState(coverage);
  return (
    <Tooltip
      title={translate('tables.preview.coverage_tooltip', {
        approved: coverage.approvedReturns,
        pending: coverage.pendingReturns,
        share: percent(coverage.approvedShare),
      })}
    >
      <Stack direction="row" spacing={0.5} sx={{ justifyContent: 'flex-end' }} className="coverage">
        <Chip
          size="small"
          variant="outlined"
          color={state === 'empty' ? 'default' : 'success'}
          label={translate('tables.preview.approved', { n: coverage.approvedReturns })}
        />
        {coverage.pendingReturns > 0 && (
          <Chip
            size="small"
            variant="outlined"
            color="warning"
            label={translate('tables.preview.pending', { n: coverage.pendingReturns })}
          />
        )}
      </Stack>
    </Tooltip>
  );
}

/**
 * An official table as printed: title, unit line right-aligned, the merged header rows, the body with total and
 * subtotal rows in bold, notes and the source line. One column beyond the printed layout shows each row's
 * approval coverage; a row is a button that opens the returns behind it.
 */
export function OfficialTableGrid({ view, onRowClick }: { view: OfficialTableView; onRowClick?: (row: Row) => void }) {
  const translate = useTranslate();
  const columns = view.columns.length;
  const header = headerGrid(view.header, view.headerRows, columns);
  const cellSx = { border: BORDER, borderColor: 'grey.400', px: 1, py: 0.5 } as const;

  return (
    <Box component="figure" sx={{ m: 0, overflowX: 'auto' }} data-table-id={view.id}>
      <Typography component="figcaption" variant="h6" sx={{ textAlign: 'center', fontWeight: 700, mb: 1 }}>
        {view.title}
      </Typography>
      <Box
        component="table"
        aria-label={view.title}
        sx={{
          borderCollapse: 'collapse',
          minWidth: '100%',
          fontSize: 14,
          fontVariantNumeric: 'tabular-nums',
          '& caption': { captionSide: 'top', textAlign: 'right', color: 'text.secondary', pb: 0.5, fontSize: 13 },
        }}
      >
        <caption className="unit-line">{view.unitLine}</caption>
        <Box component="thead" sx={{ bgcolor: 'grey.100' }}>
          {header.map((cells, r) => (
            <tr key={r}>
              {cells.map((c) => (
                <Box
                  component="th"
                  key={`${c.row}-${c.col}`}
                  scope={c.colSpan > 1 ? 'colgroup' : 'col'}
                  rowSpan={c.rowSpan}
                  colSpan={c.colSpan}
                  sx={{ ...cellSx, fontWeight: 600, textAlign: 'center', whiteSpace: 'pre-line' }}
                >
                  {c.text}
                </Box>
              ))}
              {r === 0 && (
                <Box
                  component="th"
                  scope="col"
                  rowSpan={view.headerRows}
                  sx={{ ...cellSx, fontWeight: 400, color: 'text.secondary', bgcolor: 'background.paper' }}
                >
                  {translate('tables.preview.coverage')}
                </Box>
              )}
            </tr>
          ))}
        </Box>
        <tbody>
          {view.rows.map((row) => {
            const emphasis = row.kind !== 'item';
            return (
              <Box
                component="tr"
                key={row.key}
                data-row-key={row.key}
                data-row-kind={row.kind}
                tabIndex={onRowClick ? 0 : undefined}
                aria-label={onRowClick ? translate('tables.preview.open_row', { row: row.label }) : undefined}
                onClick={onRowClick ? () => onRowClick(row) : undefined}
                onKeyDown={
                  onRowClick
                    ? (e) => {
                        if (e.key === 'Enter' || e.key === ' ') {
                          e.preventDefault();
                          onRowClick(row);
                        }
                      }
                    : undefined
                }
                sx={{
                  cursor: onRowClick ? 'pointer' : undefined,
                  bgcolor: row.kind === 'total' ? 'grey.100' : row.kind === 'subtotal' ? 'grey.50' : undefined,
                  '&:hover': onRowClick ? { bgcolor: 'action.hover' } : undefined,
                  '&:focus-visible': { outline: '2px solid', outlineColor: 'primary.main' },
                }}
              >
                {row.cells.map((cell, i) => (
                  <Box
                    component="td"
                    key={view.columns[i]?.key ?? i}
                    sx={{
                      ...cellSx,
                      fontWeight: emphasis ? 700 : 400,
                      textAlign: isTextCell(cell) ? 'left' : 'right',
                      whiteSpace: 'nowrap',
                      pl: isTextCell(cell) && view.columns[i]?.key === 'label' ? 1 + row.level * 2 : 1,
                    }}
                  >
                    {cell.text}
                  </Box>
                ))}
                <Box component="td" sx={{ ...cellSx, borderColor: 'grey.300', py: 0.25 }}>
                  <CoverageBadge coverage={row.coverage} />
                </Box>
              </Box>
            );
          })}
        </tbody>
      </Box>
      {view.notes.map((note) => (
        <Typography key={note} variant="body2" sx={{ mt: 1 }} className="table-note">
          {note}
        </Typography>
      ))}
      <Typography variant="body2" sx={{ mt: view.notes.length ? 0.5 : 1 }} className="source-line">
        {view.sourceLine}
      </Typography>
    </Box>
  );
}
