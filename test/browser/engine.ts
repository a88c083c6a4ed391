// The engine-neutral way to emulate a person's device (scripts/emulation-plugin.mjs): the same
// calls in Chromium, Firefox and WebKit. Where an engine cannot emulate something (WebKit's
// WebDriver has no media emulation), the emulating call answers false and the test that needs it
// skips itself in that engine (listed in the README, "Browsers").
import { executeServerCommand } from '@web/test-runner-commands';

export interface EngineInfo {
  engine: 'chromium' | 'firefox' | 'webkit';
  /** Can emulate prefers-color-scheme and prefers-reduced-motion. */
  media: boolean;
  /** Can emulate forced-colors: active. */
  forcedColors: boolean;
}

let info: Promise<EngineInfo> | undefined;

export function engineInfo(): Promise<EngineInfo> {
  info ??= executeServerCommand('engine-info') as Promise<EngineInfo>;
  return info;
}

export interface Media {
  /** 'no-preference': as the system says. */
  colorScheme?: 'light' | 'dark' | 'no-preference';
  reducedMotion?: 'reduce' | 'no-preference';
}

/** Emulates the media features given (the others keep theirs); false where the engine cannot. */
export async function emulateMedia(media: Media): Promise<boolean> {
  return (await executeServerCommand('engine-emulate-media', media)) === true;
}

/** Emulates forced-colors: active (or stops); false where the engine cannot. */
export async function emulateForcedColors(active: boolean): Promise<boolean> {
  return (await executeServerCommand('emulate-forced-colors', { active })) === true;
}

/** The page's viewport, in CSS pixels. */
export async function setViewport(size: { width: number; height: number }): Promise<void> {
  await executeServerCommand('engine-set-viewport', size);
}
