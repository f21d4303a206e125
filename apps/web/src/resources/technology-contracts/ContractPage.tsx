import { Alert, Box, Button, Card, CardContent, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { HttpError, Loading, Title, useLocale, useNotify, useRedirect, useTranslate } from 'react-admin';
import { useParams } from 'react-router';
import {
  CONTRACT_EDITABLE_STATUSES,
  emptyTechnologyContract,
  TECHNOLOGY_CONTRACT_FIELDS,
  type TechnologyContract,
  type TechnologyContractDetail,
  type TechnologyContractField,
} from '@portal/shared';
import { usePortalUser } from '../../layout/usePortalUser';
import { usePortalDataProvider } from '../../providers/dataProvider';
import { useDownload } from '../returns/download';
import { browserFindings } from './browserChecks';
import type { ContractAction } from './contractApi';

interface Problem {
  field: string;
  message_zh: string;
  message_en: string;
}

/** The pause in typing after which a draft saves itself (as the return form's). */
const AUTOSAVE_DELAY_MS = 800;

const AMOUNTS: TechnologyContractField[] = ['techFee', 'equipmentFee', 'contractAmount'];
const CHOICES: Partial<Record<TechnologyContractField, string[]>> = {
  direction: ['EXPORT', 'IMPORT'],
  currency: ['USD', 'CNY'],
  category: ['FREE', 'RESTRICTED', 'PROHIBITED'],
};

/** The API's refusal as a list of problems naming their fields (content issues or blocking findings). */
function problemsOf(error: unknown): Problem[] | null {
  if (!(error instanceof HttpError)) return null;
  const details = (error.body as { details?: unknown } | undefined)?.details;
  if (!Array.isArray(details)) return null;
  return details.map((d: { field?: string; cells?: string[]; message_zh: string; message_en: string }) => ({
    field: d.field ?? d.cells?.[0] ?? '',
    message_zh: d.message_zh,
    message_en: d.message_en,
  }));
}

/**
 * One technology contract: the firm's registration form (Chinese first) while it may edit it, read-only otherwise;
 * the city's register/return and the province's send-back; the certificate once registered.
 */
export function ContractPage() {
  const { id } = useParams<{ id: string }>();
  const t = useTranslate();
  const locale = useLocale();
  const notify = useNotify();
  const redirect = useRedirect();
  const download = useDownload();
  const dp = usePortalDataProvider();
  const user = usePortalUser();
  const [record, setRecord] = useState<TechnologyContractDetail | null>(null);
  const [doc, setDoc] = useState<TechnologyContract>(emptyTechnologyContract());
  // What a save refused (malformed fields) and what a filing or action refused (the rules' findings), apart: an
  // autosave that goes through clears the first only.
  const [saveIssues, setSaveIssues] = useState<Problem[]>([]);
  const [refusal, setRefusal] = useState<Problem[]>([]);
  const problems = useMemo(() => [...saveIssues, ...refusal], [saveIssues, refusal]);
  const [reason, setReason] = useState('');
  const [remarkField, setRemarkField] = useState<TechnologyContractField>('contractNo');
  const [remark, setRemark] = useState('');
  const [busy, setBusy] = useState(false);
  const msg = (p: { message_zh: string; message_en: string }) =>
    locale.startsWith('zh') ? p.message_zh : p.message_en;

  const load = useCallback(async () => {
    if (!id) return;
    const { data } = await dp.getOne<TechnologyContractDetail & { id: string }>('technology-contracts', { id });
    setRecord(data);
    setDoc(data.content);
  }, [dp, id]);
  useEffect(() => {
    void load();
  }, [load]);

  const firm = user?.scopeKind === 'ENTERPRISE';
  const editable = firm && (!record || CONTRACT_EDITABLE_STATUSES.includes(record.status));
  const live = useMemo(() => (editable ? browserFindings(doc) : []), [doc, editable]);

  // Autosave as the firm types (like the return form): one request at a time, always the newest content, with the
  // row version of the last answer (optimistic locking on the server).
  const docRef = useRef(doc);
  docRef.current = doc;
  const dirty = useRef(false);
  const rowVersion = useRef(0);
  const inFlight = useRef<Promise<TechnologyContractDetail | null> | null>(null);
  const adopt = (data: TechnologyContractDetail) => {
    rowVersion.current = data.rowVersion;
    setRecord(data);
  };
  useEffect(() => {
    if (record) rowVersion.current = Math.max(rowVersion.current, record.rowVersion);
  }, [record]);

  const refused = (error: unknown) => {
    const found = problemsOf(error);
    if (found) setRefusal(found);
    notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
  };

  const run = async (work: () => Promise<{ data: TechnologyContractDetail }>, done: string) => {
    setBusy(true);
    setRefusal([]);
    try {
      const { data } = await work();
      dirty.current = false;
      adopt(data);
      setDoc(data.content);
      notify(done, { type: 'info' });
      return data;
    } catch (error) {
      refused(error);
      return null;
    } finally {
      setBusy(false);
    }
  };

  const recordId = record?.id;
  const saveDraft = useCallback(
    async (quiet: boolean): Promise<TechnologyContractDetail | null> => {
      while (inFlight.current) await inFlight.current;
      if (!recordId) return null;
      dirty.current = false;
      const request = dp
        .saveContractDraft('technology-contracts', {
          id: recordId,
          version: rowVersion.current,
          content: docRef.current,
        })
        .then(({ data }) => {
          rowVersion.current = data.rowVersion;
          setRecord(data);
          setSaveIssues([]);
          if (!quiet) notify('techContracts.saved', { type: 'info' });
          return data;
        })
        .catch((error: unknown) => {
          const found = problemsOf(error);
          if (found) setSaveIssues(found);
          notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
          return null;
        });
      inFlight.current = request;
      const answer = await request;
      inFlight.current = null;
      return answer;
    },
    [dp, notify, recordId],
  );

  useEffect(() => {
    if (!recordId || !dirty.current) return;
    const timer = setTimeout(() => void saveDraft(true), AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [doc, recordId, saveDraft]);

  const save = async () => {
    if (record) return saveDraft(false);
    const created = await run(() => dp.createContract('technology-contracts', { content: doc }), 'techContracts.saved');
    if (created) redirect(`/technology-contracts/${created.id}/show`);
    return created;
  };
  const act = (action: ContractAction, body: Record<string, unknown> = {}) =>
    record &&
    run(
      () => dp.contractAction('technology-contracts', { id: record.id, action, version: rowVersion.current, ...body }),
      'techContracts.done',
    );
  // Filing saves what is on screen first (after any autosave still out), then submits that version.
  const submit = async () => {
    setBusy(true);
    const saved = await saveDraft(true);
    setBusy(false);
    if (!saved) return;
    await run(
      () => dp.contractAction('technology-contracts', { id: saved.id, action: 'submit', version: saved.rowVersion }),
      'techContracts.submitted',
    );
  };

  if (id && !record) return <Loading />;
  const set = (field: TechnologyContractField, raw: string) => {
    dirty.current = true;
    setDoc((d) => ({
      ...d,
      [field]: AMOUNTS.includes(field)
        ? raw.trim() === ''
          ? Number.NaN
          : Number(raw)
        : field === 'licenceNo' && raw === ''
          ? null
          : raw,
    }));
  };
  const shown = (v: unknown) =>
    typeof v === 'number' ? (Number.isNaN(v) ? '' : String(v)) : ((v as string | null) ?? '');
  const canReview = !!record && user?.permissions.includes('review.municipal') && user.scopeKind === 'REGION';
  const canSendBack = !!record && user?.permissions.includes('review.provincial') && user.scopeKind === 'PROVINCE';

  return (
    <Card>
      <Title title={record ? `${t('techContracts.menu')} ${record.content.contractNo}` : t('techContracts.create')} />
      <CardContent>
        {record && (
          <Stack direction="row" spacing={2} sx={{ mb: 2, alignItems: 'center' }}>
            <Typography data-testid="contract-status">
              {t('techContracts.fields.status')}：{t(`techContracts.status.${record.status}`)}
            </Typography>
            <Typography data-testid="registration-no">
              {t('techContracts.fields.registrationNo')}：{record.registrationNo ?? '—'}
            </Typography>
            <Typography>
              {t(`techContracts.kind.${record.versionKind}`)} ·{' '}
              {t('techContracts.version', { version: record.version })}
            </Typography>
          </Stack>
        )}
        <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, gap: 2, maxWidth: 900 }}>
          {TECHNOLOGY_CONTRACT_FIELDS.map((field) => {
            const choices = CHOICES[field];
            const fieldProblems = [...problems.filter((p) => p.field === field)];
            return (
              <TextField
                key={field}
                name={field}
                label={t(`techContracts.fields.${field}`)}
                value={shown(doc[field])}
                onChange={(e) => set(field, e.target.value)}
                disabled={!editable || busy}
                select={!!choices}
                type={field === 'signedDate' ? 'date' : AMOUNTS.includes(field) ? 'number' : 'text'}
                slotProps={{ inputLabel: { shrink: true } }}
                error={fieldProblems.length > 0}
                helperText={fieldProblems.map(msg).join('；') || undefined}
              >
                {choices?.map((c) => (
                  <MenuItem key={c} value={c}>
                    {field === 'direction'
                      ? t(`techContracts.direction.${c}`)
                      : field === 'category'
                        ? t(`techContracts.category.${c}`)
                        : c}
                  </MenuItem>
                ))}
              </TextField>
            );
          })}
        </Box>
        {problems.length > 0 && (
          <Alert severity="error" sx={{ mt: 2 }} data-testid="contract-problems">
            <Typography>{t('techContracts.refused')}</Typography>
            {problems.map((p, i) => (
              <Typography key={i}>{msg(p)}</Typography>
            ))}
          </Alert>
        )}
        {editable && (
          <Box sx={{ mt: 2 }}>
            <Typography variant="subtitle2">{t('techContracts.checks')}</Typography>
            {live.length === 0 ? (
              <Typography color="success.main">{t('techContracts.no_findings')}</Typography>
            ) : (
              live.map((f, i) => (
                <Alert key={i} severity={f.severity === 'BLOCKING' ? 'error' : 'warning'} sx={{ mt: 1 }}>
                  {msg(f)}
                </Alert>
              ))
            )}
          </Box>
        )}
        <Stack direction="row" spacing={1} sx={{ mt: 2, flexWrap: 'wrap' }}>
          {editable && (
            <>
              <Button variant="outlined" onClick={() => void save()} disabled={busy}>
                {t('techContracts.actions.save')}
              </Button>
              {record && (
                <Button variant="contained" onClick={() => void submit()} disabled={busy}>
                  {t('techContracts.actions.submit')}
                </Button>
              )}
            </>
          )}
          {record?.registrationNo && record.status !== 'CANCELLED' && (
            <Button onClick={() => void download(`/api/technology-contracts/${record.id}/certificate`)}>
              {t('techContracts.actions.certificate')}
            </Button>
          )}
          {firm && record?.status === 'REGISTERED' && (
            <>
              <Button onClick={() => void act('change', { reason })} disabled={busy}>
                {t('techContracts.actions.change')}
              </Button>
              <Button onClick={() => void act('cancel', { reason })} disabled={busy}>
                {t('techContracts.actions.cancel')}
              </Button>
            </>
          )}
        </Stack>
        {(canReview || canSendBack || (firm && record?.status === 'REGISTERED')) && (
          <Stack spacing={1} sx={{ mt: 2, maxWidth: 600 }}>
            <TextField
              name="reason"
              label={t('techContracts.reason')}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
            {canReview && (
              <>
                <Stack direction="row" spacing={1}>
                  <TextField
                    select
                    name="remarkField"
                    label={t('techContracts.remark_field')}
                    value={remarkField}
                    onChange={(e) => setRemarkField(e.target.value as TechnologyContractField)}
                    sx={{ minWidth: 200 }}
                  >
                    {TECHNOLOGY_CONTRACT_FIELDS.map((f) => (
                      <MenuItem key={f} value={f}>
                        {t(`techContracts.fields.${f}`)}
                      </MenuItem>
                    ))}
                  </TextField>
                  <TextField
                    name="remark"
                    label={t('techContracts.remark')}
                    value={remark}
                    onChange={(e) => setRemark(e.target.value)}
                    fullWidth
                  />
                </Stack>
                <Stack direction="row" spacing={1}>
                  <Button
                    variant="contained"
                    onClick={() => void act('register', { note: reason || undefined })}
                    disabled={busy}
                  >
                    {t('techContracts.actions.register')}
                  </Button>
                  <Button
                    color="warning"
                    onClick={() =>
                      void act('return', { reason, comments: remark ? [{ field: remarkField, text: remark }] : [] })
                    }
                    disabled={busy}
                  >
                    {t('techContracts.actions.return')}
                  </Button>
                </Stack>
              </>
            )}
            {canSendBack && (
              <Button color="warning" onClick={() => void act('send-back', { reason })} disabled={busy}>
                {t('techContracts.actions.send_back')}
              </Button>
            )}
          </Stack>
        )}
        {record && record.transitions.length > 0 && (
          <Box sx={{ mt: 3 }}>
            <Typography variant="subtitle2">{t('techContracts.history')}</Typography>
            {record.transitions.map((tr) => (
              <Typography key={tr.id} variant="body2">
                {tr.at.slice(0, 16).replace('T', ' ')} · {tr.actorUsername} ·{' '}
                {t(`techContracts.status.${tr.fromStatus}`)} → {t(`techContracts.status.${tr.toStatus}`)}
                {tr.reason ? ` · ${tr.reason}` : ''}
                {tr.comments.map((c) => ` · ${t(`techContracts.fields.${c.field}`)}：${c.text}`).join('')}
              </Typography>
            ))}
          </Box>
        )}
      </CardContent>
    </Card>
  );
}
