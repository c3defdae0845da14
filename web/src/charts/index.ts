export { financialsChart, FINANCIALS_CHART_DEFAULTS } from './financials.ts';
