// The local Partners API simulator: startSimulator(options).
export {};
