// The local Partners API simulator: `startSimulator(options)` and its types.
export { DEFAULT_WHATSAPP_NUMBERS, startSimulator } from "./server";
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
