import { Button, Card, CardContent } from '@mui/material';
import { Link, Title, useParams, useTranslate } from 'react-admin';
import { ImportProgress } from './ImportProgress';

export function ImportShow() {
  const { id = '' } = useParams<{ id: string }>();
  const translate = useTranslate();
  return (
    <Card sx={{ mt: 2 }}>
      <Title title="app.imports.title" />
      <CardContent>
        <ImportProgress id={id} />
        <Button component={Link} to="/imports" sx={{ mt: 2 }}>
          {translate('app.imports.history')}
        </Button>
      </CardContent>
    </Card>
  );
}
