import { Alert, Stack } from '@mui/material';
import type { FieldMessages } from './content';

/** Messages about a whole line or section (a duplicate line, a missing section), shown above or under it. */
export function PathMessages({ messages, path }: { messages: FieldMessages; path: string }) {
  const list = messages[path];
  if (!list?.length) return null;
  return (
    <Stack spacing={0.5} sx={{ my: 0.5 }}>
      {list.map((m, i) => (
        <Alert key={i} severity={m.severity} variant="outlined" sx={{ py: 0 }}>
          {m.message}
        </Alert>
      ))}
    </Stack>
  );
}
