export * from './catalogue';
export * from './countryRules';
