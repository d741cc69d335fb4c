// The local Partners API simulator: `startSimulator(options)` and its types.
export { startSimulator } from "./server";
export { UNKNOWN_PATHS } from "./counts";
export type {
  AccountStatus,
  Fault,
  FaultRule,
  SimAccount,
  SimAgent,
  SimBuilder,
  SimBusiness,
  SimInbox,
  Simulator,
  SimulatorOptions,
} from "./types";
