/** Something in a scenario we changed or that will not look as its author may expect. */
export interface ScenarioWarning {
  code:
    | 'LEGACY_FIELD'
    | 'ARRAY_POSITION'
    | 'NODE_NEVER_SHOWN'
    | 'CAPTIONS_PAST_END'
    | 'PLUGIN_API_VERSION'
    | 'UNSUPPORTED_FEATURE';
  message: string;
  path?: string;
}
