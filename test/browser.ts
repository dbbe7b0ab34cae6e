/** Headless Chromium (Debian's `chromium`, installed by `.ci/run`) driven by playwright-core. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { needs } from "./requirements.ts";

export const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
/** Pass as the options of a test that drives Chromium. */
export const NEEDS_CHROMIUM = needs(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (apt-get install chromium)`);

/** Screenshots and other artefacts of browser tests, kept after the run for a person to look at. */
export const ARTEFACTS = join(import.meta.dirname, "..", "test-artefacts");

/**
 * A headless Chromium with a fresh profile; the flags keep it from reaching out on its own (this
 * machine's closed network refuses those connections, many a second).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
