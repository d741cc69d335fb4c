// The local Partners API simulator: `startSimulator(options)` and its types.
export { startSimulator } from "./server";
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
