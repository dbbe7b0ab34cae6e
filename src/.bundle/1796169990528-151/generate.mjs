import { createRequire as __blueetlCreateRequire } from 'node:module'; const require = __blueetlCreateRequire(import.meta.url);
import {
  DEFAULT_CAMPAIGN,
  DEFAULT_NODE_POPULATION,
  convertSpikes,
  makeCampaign
} from "./chunk-DFQCZ2F7.mjs";
import "./chunk-UYHNWHV6.mjs";
import "./chunk-IZCYKTDL.mjs";
import "./chunk-75GTEED3.mjs";
export {
  DEFAULT_CAMPAIGN,
  DEFAULT_NODE_POPULATION,
  convertSpikes,
  makeCampaign
};
