export * from "./types";
export * from "./env";
export * from "./node";
export * from "./kv";
