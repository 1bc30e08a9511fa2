import type { Scenario } from "../scenarios/types";
import { FIG1, inOrder } from "./ch1/scenarios";
import { FIG2_MATCH, FIG2_MISMATCH, LEADER_PREV } from "./ch2/scenarios";
import { FIG4, FIG7, N1_N5_SCENARIO, NEW_FOLLOWER, OUTDATED_FOLLOWER, STALE_APPEND } from "./ch3/scenarios";
import { LONGEST_LOG, MINORITY, N4_NOT_ELECTED, SPLIT_VOTE } from "./ch4/scenarios";

/**
 * The scenarios each chapter's text draws (```raft-logs) and plays (```raft-player), by id.
 * The same objects the graded tests run: the site never holds a copy of a scenario.
 */
export const FIGURES: ReadonlyMap<number, readonly Scenario[]> = new Map([
  [1, [FIG1, inOrder(["L", "F1", "F2"], ["a", "b", "c", "d", "e"])]],
  [2, [FIG1, FIG2_MATCH, FIG2_MISMATCH, LEADER_PREV]],
  [3, [N1_N5_SCENARIO, FIG4, NEW_FOLLOWER, OUTDATED_FOLLOWER, FIG7, STALE_APPEND]],
  [4, [N4_NOT_ELECTED, LONGEST_LOG, SPLIT_VOTE, MINORITY]],
]);
