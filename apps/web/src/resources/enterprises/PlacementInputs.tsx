import { useMemo } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { required, type Validator } from 'react-admin';
import { useCodeList } from '../returns/CodePicker';
import { CodeChoiceInput } from './CodeChoiceInput';
import type { ProfileValues } from './payloads';
import { Regions, type Scope } from './territory';

type Placement = Pick<ProfileValues, 'regionCode' | 'zoneCode'>;

/** A firm's own users place it anywhere: the territory rules of registration do not apply to its changes. */
const FIRM_SCOPE: Scope = { scopeKind: 'ENTERPRISE', scopeCode: null };

/**
 * A firm's region (district or city) and zone; a zone of another city is cleared when the region changes.
 * `territory` is the registering user's: a municipal bureau registers only the firms it reviews, so the regions
 * and zones are those of its territory and the placement is checked against it. Without it (a firm's own profile
 * change) the firm may move to any district or city, and into any zone there.
 */
export function PlacementInputs({ territory }: { territory?: Scope }) {
  const regionList = useCodeList('regions');
  const regions = useMemo(() => new Regions(regionList), [regionList]);
  const scope = territory ?? FIRM_SCOPE;
  const { setValue, getValues } = useFormContext<Placement>();
  const regionCode = useWatch<Placement, 'regionCode'>({ name: 'regionCode' }) ?? null;
  const regionItems = useMemo(
    () => (territory ? regions.registrableRegions(territory) : regions.districtsAndCities()),
    [regions, territory],
  );
  const zoneItems = useMemo(() => regions.zonesFor(scope, regionCode), [regions, scope, regionCode]);
  const zoneRequired = regions.zoneRequired(scope, regionCode);

  const placementFits = useMemo<Validator | undefined>(
    () =>
      territory &&
      ((zone: string | null | undefined, values: Placement) => {
        if (!values.regionCode || regions.all.length === 0) return undefined;
        if (!zone && zoneRequired) return 'enterprises.register.zone_required';
        return regions.inTerritory(territory, values.regionCode, zone || null)
          ? undefined
          : 'enterprises.register.out_of_territory';
      }),
    [regions, territory, zoneRequired],
  );

  return (
    <>
      <CodeChoiceInput
        source="regionCode"
        label="enterprises.fields.regionCode"
        items={regionItems}
        validate={required()}
        onChange={(code) => {
          // A zone of another city means nothing for the new region.
          const zone = getValues('zoneCode');
          if (zone && !regions.zonesFor(scope, code).some((z) => z.code === zone)) setValue('zoneCode', null);
        }}
      />
      <CodeChoiceInput
        source="zoneCode"
        label="enterprises.fields.zoneCode"
        items={zoneItems}
        validate={placementFits}
        helperText={zoneRequired ? 'enterprises.register.zone_required' : 'enterprises.register.zone_hint'}
      />
    </>
  );
}
