/** Types of trace.js, whose unpacking the builder checks its packed traces against. */
export const FORMAT: string;
export const VERSION: number;
/** The form of the packed traces the site ships. */
export const PACKED: number;
/** The trace a packed one stands for; any other value as it is. */
export function unpackTrace(data: unknown): unknown;
export function validateTrace(data: unknown): unknown;
export function parseTrace(text: string): unknown;
