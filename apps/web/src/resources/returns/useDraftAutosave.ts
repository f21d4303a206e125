import type { ReturnContent, ReturnDetail } from '@portal/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { HttpError } from 'react-admin';
import { usePortalDataProvider } from '../../providers/dataProvider';

/**
 * saved: the server has what is on screen (incomplete rows included: kept in the draft and flagged); pending:
 * changes wait for the pause in typing; saving: a request is out; invalid: the API refused the content (what no one
 * can type; messages at the fields); failed: network or server error; conflict: the return changed elsewhere
 * (another tab, a reviewer's action) and must be reloaded.
 */
export type SaveState = 'saved' | 'pending' | 'saving' | 'invalid' | 'failed' | 'conflict';

export const AUTOSAVE_DELAY_MS = 800;

interface Options {
  id: string;
  /** Called with the return after each successful save (new version, status, revisions). */
  onSaved: (detail: ReturnDetail) => void;
  /**
   * Called with the content issues at the fields: the draft's incomplete rows after a save went through
   * (`contentIssues`), or the details of a refused save (RETURN_CONTENT_INVALID).
   */
  onIssues: (details: unknown) => void;
}

/**
 * Drafts save as the firm types: each change waits AUTOSAVE_DELAY_MS for a pause, one request at a time, always
 * the newest content, with the version of the last save (optimistic locking on the server).
 */
export function useDraftAutosave({ id, onSaved, onIssues }: Options) {
  const dataProvider = usePortalDataProvider();
  const [state, setState] = useState<SaveState>('saved');
  const version = useRef(0);
  const latest = useRef<ReturnContent | null>(null);
  const dirty = useRef(false);
  const ok = useRef(true);
  const inFlight = useRef<Promise<void> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const callbacks = useRef({ onSaved, onIssues });
  callbacks.current = { onSaved, onIssues };

  const run = useCallback(async () => {
    while (dirty.current && latest.current) {
      dirty.current = false;
      setState('saving');
      try {
        const { data } = await dataProvider.saveReturnDraft('returns', {
          id,
          content: latest.current,
          version: version.current,
        });
        version.current = data.version;
        ok.current = true;
        callbacks.current.onSaved(data);
        callbacks.current.onIssues(data.contentIssues);
      } catch (error) {
        ok.current = false;
        const status = error instanceof HttpError ? error.status : 0;
        if (status === 409) {
          dirty.current = false;
          setState('conflict');
          return;
        }
        if (status === 400 && error instanceof HttpError) callbacks.current.onIssues(errorDetails(error.body));
        // Newer content typed meanwhile is tried at once; otherwise wait for the next change.
        if (!dirty.current) {
          setState(status === 400 ? 'invalid' : 'failed');
          return;
        }
      }
    }
    setState(ok.current ? 'saved' : 'failed');
  }, [dataProvider, id]);

  /** Saves what is pending now; resolves true when the server has the content on screen. */
  const flush = useCallback(async (): Promise<boolean> => {
    clearTimeout(timer.current);
    while (inFlight.current) await inFlight.current;
    if (dirty.current) {
      inFlight.current = run().finally(() => {
        inFlight.current = null;
      });
      await inFlight.current;
    }
    return ok.current && !dirty.current;
  }, [run]);

  const change = useCallback(
    (content: ReturnContent) => {
      latest.current = content;
      dirty.current = true;
      setState((s) => (s === 'conflict' ? s : 'pending'));
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), AUTOSAVE_DELAY_MS);
    },
    [flush],
  );

  /** Starts over from a return as loaded (after a reload or a workflow action). */
  const reset = useCallback((detail: Pick<ReturnDetail, 'version'>) => {
    clearTimeout(timer.current);
    version.current = detail.version;
    latest.current = null;
    dirty.current = false;
    ok.current = true;
    setState('saved');
  }, []);

  useEffect(() => () => clearTimeout(timer.current), []);

  return { state, change, flush, reset, version };
}

function errorDetails(body: unknown): unknown {
  return typeof body === 'object' && body !== null ? (body as { details?: unknown }).details : undefined;
}
