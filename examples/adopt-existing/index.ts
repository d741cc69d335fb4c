import "./accounts";
