import {
  Alert,
  Card,
  CardContent,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';

/**
 * A section under a firm's details (its profile versions, its accounts): a titled card with the section's intro,
 * its loading error and its empty state, from the messages `enterprises.<section>.title|intro|error|empty`.
 * `above` stands before the title, `action` beside it; the children (a table) follow.
 */
export function EnterprisePanel({
  section,
  above,
  action,
  error,
  empty,
  children,
}: {
  section: 'profiles' | 'colleagues';
  above?: ReactNode;
  action?: ReactNode;
  error: Error | null;
  empty: boolean;
  children: ReactNode;
}) {
  const translate = useTranslate();
  return (
    <Card sx={{ mt: 2 }} component="section" aria-labelledby={`${section}-title`}>
      <CardContent>
        {above}
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mt: above ? 3 : 0, mb: 1 }}>
          <Typography id={`${section}-title`} variant="h6" component="h2" sx={{ flex: 1 }}>
            {translate(`enterprises.${section}.title`)}
          </Typography>
          {action}
        </Stack>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {translate(`enterprises.${section}.intro`)}
        </Typography>
        {error && (
          <Alert severity="error">{translate(`enterprises.${section}.error`, { message: error.message })}</Alert>
        )}
        {empty && <Typography variant="body2">{translate(`enterprises.${section}.empty`)}</Typography>}
        {children}
      </CardContent>
    </Card>
  );
}

/** A table of the panel, its columns headed by their `enterprises.fields` names. */
export function FieldsTable({
  section,
  fields,
  children,
}: {
  section: 'profiles' | 'colleagues';
  fields: readonly string[];
  children: ReactNode;
}) {
  const translate = useTranslate();
  return (
    <Table size="small" aria-labelledby={`${section}-title`}>
      <TableHead>
        <TableRow>
          {fields.map((field) => (
            <TableCell key={field}>{translate(`enterprises.fields.${field}`)}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>{children}</TableBody>
    </Table>
  );
}

/** 是 / 否 of a flag in a panel's table. */
export function useYesNo(): (flag: boolean) => string {
  const translate = useTranslate();
  return (flag) => translate(flag ? 'enterprises.profiles.yes' : 'enterprises.profiles.no');
}
