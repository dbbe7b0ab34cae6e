/** Simulation campaigns: bbp-workflow's xarray format and BlueETL's own. */
export { CampaignError, SIMULATION_PATH, SimulationCampaign, inferColumn, type SimulationRow } from "./campaign.ts";
