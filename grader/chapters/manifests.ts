import type { ChapterManifest } from "./manifest";
import { MANIFEST as CH1 } from "./ch1/manifest";
import { MANIFEST as CH2 } from "./ch2/manifest";

/** Every chapter's manifest, by chapter number. */
export const MANIFESTS: ReadonlyMap<number, ChapterManifest> = new Map([CH1, CH2].map((m) => [m.chapter, m]));
