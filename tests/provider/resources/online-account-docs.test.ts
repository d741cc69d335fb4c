import { fields } from "../../../provider/resources/online-account/schema";
import { assertDocsMatchTable } from "./docs-table";

describe("docs/online-account.md", () => {
  it("documents every input as the field table has it: change, default, secrecy", () => {
    assertDocsMatchTable("online-account.md", fields);
  });
});
