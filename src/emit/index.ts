/**
 * Code generators. Input: an IrProgram. Output: files (pure); the CLI writes them.
 */
export { emitC, buildCModel, observedColumns, type EmittedFile, type EmitCOptions, type CModel } from "./c/index.js";
