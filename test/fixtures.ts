/** Campaigns made by our own generator: the fixtures of tests that must not need `../shared`. */
import { join } from "node:path";
import { type CampaignOptions, type CampaignSummary, DEFAULT_CAMPAIGN, makeCampaign } from "../src/generate/index.ts";
import { tempDir } from "./tmp.ts";

const made = new Map<string, Promise<CampaignSummary>>();

/** A campaign written once per test process into a temporary folder. */
export function fixtureCampaign(options: Partial<CampaignOptions> = {}): Promise<CampaignSummary> {
  const key = JSON.stringify(options);
  let campaign = made.get(key);
  if (!campaign) {
    const out = join(tempDir("fixture"), "campaign");
    campaign = makeCampaign({ ...DEFAULT_CAMPAIGN, neurons: 600, sims: 2, durationMs: 1000, ...options, out });
    made.set(key, campaign);
  }
  return campaign;
}
