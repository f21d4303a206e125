import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { Accordion, AccordionDetails, AccordionSummary, Chip, Stack, Typography } from '@mui/material';
import type { ComponentType } from 'react';
import { useTranslate } from 'react-admin';
import { ContractsSection } from './ContractsSection';
import { countBySection, sectionOf, SECTIONS, type Section } from './content';
import { ExecutionsSection } from './ExecutionsSection';
import { ProfileSection } from './ProfileSection';
import { PathMessages } from './SectionMessages';
import type { SectionProps } from './sectionProps';
import { TradeSection } from './TradeSection';
import { WorkforceSection } from './WorkforceSection';

type Props = SectionProps & { register: readonly string[] };

const COMPONENTS: Record<Section, ComponentType<Props>> = {
  profile: ProfileSection,
  servicesTrade: TradeSection,
  contracts: ContractsSection,
  executions: ExecutionsSection,
  workforce: WorkforceSection,
};

/**
 * The five sections of the quarterly return, each in an accordion (all open, so the whole return reads top to
 * bottom and prints as one page), with the number of problems in its header.
 */
export function ReturnSections(props: Props) {
  const translate = useTranslate();
  const counts = countBySection(props.messages);
  const general = Object.keys(props.messages).filter((p) => sectionOf(p) === null);
  return (
    <>
      {general.map((p) => (
        <PathMessages key={p} messages={props.messages} path={p} />
      ))}
      {SECTIONS.map((section, index) => {
        const Component = COMPONENTS[section];
        const { error, other } = counts[section];
        const title = translate(`app.returns.sections.${section}`);
        return (
          <Accordion
            key={section}
            defaultExpanded
            disableGutters
            variant="outlined"
            slotProps={{ heading: { component: 'h2' } }}
          >
            <AccordionSummary expandIcon={<ExpandMoreIcon />}>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                <Typography variant="h6" component="span">
                  {`${index + 1}. ${title}`}
                </Typography>
                {error > 0 && (
                  <Chip
                    size="small"
                    color="error"
                    label={translate('app.returns.errors_count', { smart_count: error })}
                  />
                )}
                {other > 0 && (
                  <Chip
                    size="small"
                    color="warning"
                    variant="outlined"
                    label={translate('app.returns.findings_count', { smart_count: other })}
                  />
                )}
              </Stack>
            </AccordionSummary>
            <AccordionDetails>
              <Component {...props} />
            </AccordionDetails>
          </Accordion>
        );
      })}
    </>
  );
}
