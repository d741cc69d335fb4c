// The quickstart program (see README.md). Filled in with OnlineAccount.
export {};
