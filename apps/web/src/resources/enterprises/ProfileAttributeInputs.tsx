import { useMemo } from 'react';
import { BooleanInput, required } from 'react-admin';
import { useCodeList } from '../returns/CodePicker';
import { leafCodes } from './codeChoices';
import { CodeChoiceInput } from './CodeChoiceInput';

/**
 * The attributes of a firm's profile besides its name and place: 企业性质 (a leaf of the list: 民营企业, not 内资企业),
 * 所属行业 (a GB/T 4754-2017 division where known, a section otherwise; GB/T 4754-2002 too where known, for the
 * technology trade tables) and the 重点联系企业 and 技术先进型服务企业 flags; the same inputs in the registration form and in a
 * profile change.
 */
export function ProfileAttributeInputs() {
  const natures = useCodeList('enterprise-natures');
  const industries = useCodeList('industries');
  const industries2002 = useCodeList('industries-2002');
  const natureLeaves = useMemo(() => leafCodes(natures), [natures]);
  return (
    <>
      <CodeChoiceInput
        source="natureCode"
        label="enterprises.fields.natureCode"
        items={natureLeaves}
        validate={required()}
      />
      <CodeChoiceInput
        source="industryCode"
        label="enterprises.fields.industryCode"
        items={industries}
        validate={required()}
        helperText="enterprises.industry_hint"
      />
      <CodeChoiceInput source="industryCode2002" label="enterprises.fields.industryCode2002" items={industries2002} />
      <BooleanInput source="keyEnterprise" label="enterprises.fields.keyEnterprise" />
      <BooleanInput source="advancedTech" label="enterprises.fields.advancedTech" />
    </>
  );
}
