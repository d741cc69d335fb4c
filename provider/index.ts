// The public surface of pulumi-99digital.
export {};
