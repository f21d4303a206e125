import { useNotify } from 'react-admin';
import { useCallback } from 'react';
import { usePortalDataProvider } from '../../providers/dataProvider';

/** Saves a blob under a file name through a temporary link (what a plain link would do, with the bearer header). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Downloads an API attachment (receipt, Excel template, bundle); failures become a notification. */
export function useDownload() {
  const dataProvider = usePortalDataProvider();
  const notify = useNotify();
  return useCallback(
    async (url: string) => {
      try {
        const { data } = await dataProvider.downloadFile('returns', { url });
        saveBlob(data.blob, data.fileName);
      } catch (error) {
        notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
      }
    },
    [dataProvider, notify],
  );
}
