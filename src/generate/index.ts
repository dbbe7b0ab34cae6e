/** The synthetic campaign generator: the bundled example, the tests' fixtures, the benchmarks' input. */
export { type CampaignOptions, type CampaignSummary, DEFAULT_CAMPAIGN, type Progress, makeCampaign } from "./campaign.ts";
export { type ConversionSummary, DEFAULT_NODE_POPULATION, convertSpikes } from "./convert-spikes.ts";
