import type { ChapterManifest } from "./manifest";
import { MANIFEST as CH1 } from "./ch1/manifest";
import { MANIFEST as CH2 } from "./ch2/manifest";
import { MANIFEST as CH3 } from "./ch3/manifest";
import { MANIFEST as CH4 } from "./ch4/manifest";

/** Every chapter's manifest, by chapter number. */
export const MANIFESTS: ReadonlyMap<number, ChapterManifest> = new Map([CH1, CH2, CH3, CH4].map((m) => [m.chapter, m]));
