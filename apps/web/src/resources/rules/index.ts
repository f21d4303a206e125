import RuleIcon from '@mui/icons-material/Rule';
import { RuleCatalogue } from './RuleCatalogue';

/** 审核规则: the catalogue is a document with its own page (GET /api/rules is not a list contract). */
export const ruleResource = { list: RuleCatalogue, icon: RuleIcon };
