export * from "./types";
export * from "./env";
export * from "./node";
